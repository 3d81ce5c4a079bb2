// Filled in by the staff service.
export const staffContract = {};
