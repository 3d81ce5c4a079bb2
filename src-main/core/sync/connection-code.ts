import QRCode from 'qrcode';
import { encodeConnectionCode, type ConnectionSettings } from '../../contract/connection-code';
import { LendenError } from '../../contract/errors';

export const SYNC_OFF = 'Sync is not turned on on this computer yet.';

/** The connection code another computer of the shop pastes, with its QR for a phone camera. */
export async function connectionCodeOf(settings: ConnectionSettings | null): Promise<{ code: string; qrSvg: string }> {
  if (!settings) throw new LendenError('NOT_FOUND', SYNC_OFF);
  const code = encodeConnectionCode(settings);
  const qrSvg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { code, qrSvg };
}
