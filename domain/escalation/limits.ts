/** The most invoices one escalation carries (one BatchGet of their heads and markers, one transaction). */
export const MAX_ESCALATED_INVOICES = 25;
/** Objections and history entries kept on the record (an item stays far below 400 KB). */
export const MAX_OBJECTIONS = 50;
export const MAX_HISTORY = 200;
