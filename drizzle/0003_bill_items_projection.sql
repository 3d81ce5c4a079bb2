-- bill_items is a projection of bills.items (the synced JSON lines) for reports by GST rate
-- and HSN. Triggers rebuild it on every write of a bill, whether from the bills service or
-- from a sync merge, so it can never drift from the bill.
CREATE TRIGGER `bills_items_ai` AFTER INSERT ON `bills`
BEGIN
  INSERT INTO bill_items (bill_id, line_no, business_id, name, hsn, qty_milli, unit, rate_paise, gst_rate_bp, taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise)
  SELECT NEW.id, CAST(j.key AS INTEGER) + 1, NEW.business_id,
         coalesce(json_extract(j.value, '$.name'), ''), json_extract(j.value, '$.hsn'),
         coalesce(json_extract(j.value, '$.qty_milli'), 0), json_extract(j.value, '$.unit'),
         coalesce(json_extract(j.value, '$.rate_paise'), 0), coalesce(json_extract(j.value, '$.gst_rate_bp'), 0),
         coalesce(json_extract(j.value, '$.taxable_paise'), 0), coalesce(json_extract(j.value, '$.cgst_paise'), 0),
         coalesce(json_extract(j.value, '$.sgst_paise'), 0), coalesce(json_extract(j.value, '$.igst_paise'), 0),
         coalesce(json_extract(j.value, '$.total_paise'), 0)
    FROM json_each(CASE WHEN json_valid(NEW.items) THEN NEW.items ELSE '[]' END) AS j;
END;
--> statement-breakpoint
CREATE TRIGGER `bills_items_au` AFTER UPDATE OF items, business_id ON `bills`
BEGIN
  DELETE FROM bill_items WHERE bill_id = NEW.id;
  INSERT INTO bill_items (bill_id, line_no, business_id, name, hsn, qty_milli, unit, rate_paise, gst_rate_bp, taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise)
  SELECT NEW.id, CAST(j.key AS INTEGER) + 1, NEW.business_id,
         coalesce(json_extract(j.value, '$.name'), ''), json_extract(j.value, '$.hsn'),
         coalesce(json_extract(j.value, '$.qty_milli'), 0), json_extract(j.value, '$.unit'),
         coalesce(json_extract(j.value, '$.rate_paise'), 0), coalesce(json_extract(j.value, '$.gst_rate_bp'), 0),
         coalesce(json_extract(j.value, '$.taxable_paise'), 0), coalesce(json_extract(j.value, '$.cgst_paise'), 0),
         coalesce(json_extract(j.value, '$.sgst_paise'), 0), coalesce(json_extract(j.value, '$.igst_paise'), 0),
         coalesce(json_extract(j.value, '$.total_paise'), 0)
    FROM json_each(CASE WHEN json_valid(NEW.items) THEN NEW.items ELSE '[]' END) AS j;
END;
