/**
 * The core's sentences that carry a value (a field's label, an invoice number, an amount),
 * each as a pattern whose named parts go into the Hindi sentence `errors.<key>`.
 * Exact sentences live in hi.json / locales/core-errors.*.json instead (errors.ts).
 */

/** Field labels the core puts into "<label> is required." and friends → `errors.label.*`. */
export const LABELS: Record<string, string> = {
  Name: 'name',
  'Business name': 'businessName',
  'Owner name': 'ownerName',
  'Item name': 'itemName',
  Address: 'address',
  Note: 'note',
  Notes: 'note',
  'Invoice prefix': 'invoicePrefix',
  Unit: 'unit',
  'A file path': 'filePath',
  'The file path': 'filePath',
  'Bank name': 'bankName',
  Barcode: 'barcode',
  'Cheque number': 'chequeNumber',
  GSTIN: 'gstin',
  'HSN/SAC': 'hsn',
  'Low-stock level': 'lowStock',
  'Opening stock': 'openingStock',
  Password: 'password',
  'Payment reference': 'paymentReference',
  Phone: 'phone',
  'Printer name': 'printerName',
  Quantity: 'quantity',
  Search: 'search',
};

/** Words the core puts inside a sentence in place of a bill number → `errors.coreWord.*`. */
export const WORDS: Record<string, string> = {
  'this sale': 'thisSale',
  'this purchase': 'thisPurchase',
  'your shop': 'yourShop',
};

/**
 * Named parts say how their value is carried: `field` must be a known label (else the
 * sentence stays English), `table` is said in the sync panel's word for it, `inner` is one
 * or more core sentences (each said in turn), `date` is shown dd-mm-yyyy; any other part is carried as it is.
 */
export const PATTERNS: { re: RegExp; key: string }[] = [
  { re: /^(?<field>.+) is required\.$/, key: 'required' },
  { re: /^(?<field>.+) can be at most (?<max>\d+) characters\.$/, key: 'maxChars' },
  { re: /^(?<field>.+) is too long\.$/, key: 'tooLong' },
  { re: /^(?<field>.+) must be text\.$/, key: 'core.mustBeText' },
  { re: /^(?<field>.+) must be a number of thousandths\.$/, key: 'core.thousandths' },
  { re: /^(?<field>.+) must be whole thousandths \(1500 = 1\.5\)\.$/, key: 'core.wholeThousandths' },
  { re: /^(?<field>.+) cannot be negative\.$/, key: 'core.notNegative' },
  { re: /^(?<field>.+) is too large\.$/, key: 'core.tooLarge' },
  { re: /^This backup belongs to another business \("(?<name>.+)"\)\. Confirm to replace the data open now with it\.$/, key: 'core.otherBusinessBackupNamed' },
  { re: /^The database file could not be replaced, so nothing was restored \((?<detail>.+)\)\.$/, key: 'core.replaceFailed' },
  { re: /^This computer's books still differ from the server's after downloading them again \((?<detail>.+)\)\. Your entries are kept here; sync checks again in a few minutes\. If this stays, copy the diagnostics for support\.$/, key: 'core.booksDiffer' },
  { re: /^The backup could not be opened, so your data was put back as it was \((?<detail>.+)\)\.$/, key: 'core.openFailed' },
  { re: /^This backup could not be read: it is damaged or not a database \((?<detail>.+)\)\.$/, key: 'core.backupUnreadable' },
  { re: /^This backup could not be opened \((?<detail>.+)\)\.$/, key: 'core.backupUnopenable' },
  { re: /^This backup is damaged \((?<detail>.+)\)\.$/, key: 'core.backupDamaged' },
  { re: /^(?<what>.+) cannot be exported while (?<n>\d+) problems? remains?: (?<inner>.*) Fix them \(each links to its bill\) and export again\.$/, key: 'core.returnNotReady' },
  // GST checks (core/reports/gst): said inside the refusal to export a return or make an e-invoice.
  { re: /^Your shop's GSTIN (?<gstin>.+) is not a valid GSTIN \((?<why>.+)\)\. Correct it in Settings\.$/, key: 'core.shopGstinInvalid' },
  {
    re: /^(?<party>.+)'s GSTIN (?<gstin>\S+) (?:is not 15 characters in the GSTIN pattern|fails the GSTIN check digit|does not start with a valid state code)\. Correct the party's GSTIN, or remove it to report the bill as B2C\.$/,
    key: 'core.partyGstinInvalid',
  },
  { re: /^Bill (?<invoice>.+) has no place of supply\. Set the party's state or the bill's place of supply\.$/, key: 'core.noPlaceOfSupply' },
  { re: /^Bill (?<invoice>.+): place of supply (?<pos>.+) is not the state of (?<party>.+)'s GSTIN \((?<gstinState>.+)\)\. Check the party's state\.$/, key: 'core.placeDiffers' },
  { re: /^Line (?<n>\d+) \((?<item>.+)\) of bill (?<invoice>.+) has no HSN\/SAC code\.$/, key: 'core.hsnMissing' },
  { re: /^Line (?<n>\d+) \((?<item>.+)\) has HSN (?<hsn>.+): the HSN summary needs at least 4 digits\.$/, key: 'core.hsnShort' },
  { re: /^Bill (?<invoice>.+) goes to state (?<state>.+) \(inter-state\) but charges CGST\/SGST\. Open the bill and save it again to recompute IGST\.$/, key: 'core.interStateWrongTax' },
  {
    re: /^Bill (?<invoice>.+) is within your state (?<state>.+) but charges IGST \(or unequal CGST\/SGST\)\. Open the bill and save it again to recompute CGST and SGST\.$/,
    key: 'core.intraStateWrongTax',
  },
  { re: /^Bill (?<invoice>.+): tax at (?<rate>.+)% is (?<tax>₹.+) but (?<taxable>₹.+) at (?<rate2>.+)% comes to (?<expected>₹.+)\.$/, key: 'core.taxMismatch' },
  { re: /^Add (?<who>.+)'s address \(street and town\): the e-invoice needs them\.$/, key: 'core.addressNeeded' },
  { re: /^Add the 6-digit PIN code to (?<who>.+)'s address: the e-invoice needs it\.$/, key: 'core.pinNeeded' },
  { re: /^(?<party>.+) has no GSTIN: an e-invoice is made only for a sale to a registered business \(B2B\)\.$/, key: 'core.buyerUnregistered' },
  {
    re: /^Invoice number (?<number>.+) does not fit the e-invoice rule \(up to 16 capital letters, digits, \/ and -, not starting with 0, \/ or -\)\. Change the invoice prefix in Settings for new bills\.$/,
    key: 'core.invoiceNumberEinvoice',
  },
  { re: /^Invoice number (?<number>.+) is already used by another bill\. Check the invoice prefix in settings\.$/, key: 'core.invoiceNumberUsed' },
  { re: /^The payment of (?<paid>.+) is more than the total of (?<total>.+) for (?<what>.+)\.$/, key: 'core.paymentOverTotal' },
  { re: /^At most (?<amount>.+)\.$/, key: 'core.atMost' },
  { re: /^Line (?<n>\d+): that item does not exist or was deleted\.$/, key: 'core.lineItemMissing' },
  { re: /^Payments of (?<paid>.+) are already recorded against this bill; the new total of (?<total>.+) is less\. Delete a payment first\.$/, key: 'core.paidOverNewTotal' },
  { re: /^Payments of (?<paid>.+) are recorded against this bill\. Delete those payments first, then the bill\.$/, key: 'core.paymentsBlockDelete' },
  { re: /^Bill (?<invoice>.+) is already paid in full\.$/, key: 'core.billPaidInFull' },
  { re: /^Only (?<due>.+) is due on bill (?<invoice>.+); the payment cannot be more\.$/, key: 'core.onlyDue' },
  { re: /^This payment would be more than the bill's due amount of (?<due>.+) rupees\.$/, key: 'core.paymentOverDue' },
  { re: /^Barcode (?<barcode>.+) is already used by (?<item>.+)\.$/, key: 'core.barcodeUsed' },
  { re: /^(?<name>.+) joined on (?<date>.+); attendance cannot be marked before that\.$/, key: 'core.joinedOn' },
  { re: /^The e-invoice cannot be made yet: (?<inner>.+)$/, key: 'core.einvoiceNotYet' },
  {
    re: /^(?<n>\d+) changes? (?:has|have) not reached the server yet\. Connect to the internet and try again, or sign out anyway: they stay on this computer and are sent when this account signs in again\.$/,
    key: 'core.unsentChanges',
  },
  { re: /^(?<n>\d+) changes? made by (?<email>.+) wait for that account to sign in on this computer; changes made after them wait too\.$/, key: 'core.heldForAccount' },
  { re: /^A (?<table>.+) record from the server could not be stored on this computer \((?<detail>.+)\)\. It was set aside; everything else keeps syncing\.$/, key: 'core.unstorable' },
  { re: /^Bill (?<invoice>.+) was changed on two devices at once and its totals no longer add up\. Open the bill and check its lines, discount and payments\.$/, key: 'core.billTotalsOff' },
  { re: /^Bill (?<from>.+) was renumbered (?<to>.+): its number series belongs to another device\.$/, key: 'core.renumberedSeries' },
  { re: /^Bill (?<from>.+) was renumbered (?<to>.+): another bill already had that number\.$/, key: 'core.renumberedTaken' },
  { re: /^Update Lenden to keep syncing: (?<detail>.+)$/, key: 'core.updateLenden' },
  {
    re: /^(?<n>\d+) changes? (?:has|have) been waiting for (?<minutes>\d+) minutes? without reaching the server, although it answers\. Choose “Sync now”; if they still wait, copy the diagnostics for support\.$/,
    key: 'core.stuck',
  },
];

/** A form field's path before a message ("lines.0.qtyMilli: ..."): a developer word, left out in Hindi. */
export const FIELD_PATH = /^[\w.-]+: (?<rest>.+)$/;
