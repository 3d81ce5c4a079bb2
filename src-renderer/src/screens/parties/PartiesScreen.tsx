import type { PartyResource } from '../../api/hooks';
import type { PartyRef } from '../../app/routes';
import { PartyList } from './PartyList';
import { PartyLedger } from './PartyLedger';

export function PartiesScreen(props: { resource: PartyResource; party?: PartyRef; onOpen: (party: PartyRef) => void; onBack: () => void }) {
  if (props.party) return <PartyLedger key={props.party.id} party={props.party} onBack={props.onBack} />;
  return <PartyList resource={props.resource} onOpen={props.onOpen} />;
}
