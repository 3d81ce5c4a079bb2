-- Stock is derived from movements, never typed in: stock_levels is an index over the items'
-- opening stock, live stock adjustments and the lines of live bills that name an item. These
-- triggers keep it exact for every write, whether from the services or a sync merge, so two
-- devices selling the same item offline both count once their bills meet.
--
-- bill_items (the projection of bills.items) now also carries each line's item and its signed
-- effect on stock; it is rebuilt when a bill's lines, kind or deleted state change.
DROP TRIGGER `bills_items_ai`;
--> statement-breakpoint
DROP TRIGGER `bills_items_au`;
--> statement-breakpoint
CREATE TRIGGER `bills_items_ai` AFTER INSERT ON `bills`
BEGIN
  INSERT INTO bill_items (bill_id, line_no, business_id, name, hsn, qty_milli, unit, rate_paise, gst_rate_bp, taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise, item_id, stock_milli)
  SELECT NEW.id, CAST(j.key AS INTEGER) + 1, NEW.business_id,
         coalesce(json_extract(j.value, '$.name'), ''), json_extract(j.value, '$.hsn'),
         coalesce(json_extract(j.value, '$.qty_milli'), 0), json_extract(j.value, '$.unit'),
         coalesce(json_extract(j.value, '$.rate_paise'), 0), coalesce(json_extract(j.value, '$.gst_rate_bp'), 0),
         coalesce(json_extract(j.value, '$.taxable_paise'), 0), coalesce(json_extract(j.value, '$.cgst_paise'), 0),
         coalesce(json_extract(j.value, '$.sgst_paise'), 0), coalesce(json_extract(j.value, '$.igst_paise'), 0),
         coalesce(json_extract(j.value, '$.total_paise'), 0),
         CASE WHEN json_type(j.value, '$.item_id') = 'text' THEN json_extract(j.value, '$.item_id') END,
         CASE WHEN NEW.deleted_at IS NULL AND json_type(j.value, '$.item_id') = 'text'
              THEN (CASE NEW.kind WHEN 'purchase' THEN 1 ELSE -1 END) * coalesce(json_extract(j.value, '$.qty_milli'), 0)
              ELSE 0 END
    FROM json_each(CASE WHEN json_valid(NEW.items) THEN NEW.items ELSE '[]' END) AS j;
END;
--> statement-breakpoint
CREATE TRIGGER `bills_items_au` AFTER UPDATE OF items, business_id, kind, deleted_at ON `bills`
BEGIN
  DELETE FROM bill_items WHERE bill_id = NEW.id;
  INSERT INTO bill_items (bill_id, line_no, business_id, name, hsn, qty_milli, unit, rate_paise, gst_rate_bp, taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise, item_id, stock_milli)
  SELECT NEW.id, CAST(j.key AS INTEGER) + 1, NEW.business_id,
         coalesce(json_extract(j.value, '$.name'), ''), json_extract(j.value, '$.hsn'),
         coalesce(json_extract(j.value, '$.qty_milli'), 0), json_extract(j.value, '$.unit'),
         coalesce(json_extract(j.value, '$.rate_paise'), 0), coalesce(json_extract(j.value, '$.gst_rate_bp'), 0),
         coalesce(json_extract(j.value, '$.taxable_paise'), 0), coalesce(json_extract(j.value, '$.cgst_paise'), 0),
         coalesce(json_extract(j.value, '$.sgst_paise'), 0), coalesce(json_extract(j.value, '$.igst_paise'), 0),
         coalesce(json_extract(j.value, '$.total_paise'), 0),
         CASE WHEN json_type(j.value, '$.item_id') = 'text' THEN json_extract(j.value, '$.item_id') END,
         CASE WHEN NEW.deleted_at IS NULL AND json_type(j.value, '$.item_id') = 'text'
              THEN (CASE NEW.kind WHEN 'purchase' THEN 1 ELSE -1 END) * coalesce(json_extract(j.value, '$.qty_milli'), 0)
              ELSE 0 END
    FROM json_each(CASE WHEN json_valid(NEW.items) THEN NEW.items ELSE '[]' END) AS j;
END;
--> statement-breakpoint
CREATE TRIGGER `bill_items_stock_ai` AFTER INSERT ON `bill_items`
WHEN NEW.item_id IS NOT NULL AND NEW.stock_milli <> 0
BEGIN
  INSERT INTO stock_levels (item_id, business_id, qty_milli) VALUES (NEW.item_id, NEW.business_id, NEW.stock_milli)
  ON CONFLICT(item_id) DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli;
END;
--> statement-breakpoint
CREATE TRIGGER `bill_items_stock_ad` AFTER DELETE ON `bill_items`
WHEN OLD.item_id IS NOT NULL AND OLD.stock_milli <> 0
BEGIN
  UPDATE stock_levels SET qty_milli = qty_milli - OLD.stock_milli WHERE item_id = OLD.item_id;
END;
--> statement-breakpoint
CREATE TRIGGER `items_stock_ai` AFTER INSERT ON `items`
BEGIN
  INSERT INTO stock_levels (item_id, business_id, qty_milli) VALUES (NEW.id, NEW.business_id, NEW.opening_qty_milli)
  ON CONFLICT(item_id) DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli;
END;
--> statement-breakpoint
CREATE TRIGGER `items_stock_au` AFTER UPDATE OF opening_qty_milli ON `items`
BEGIN
  UPDATE stock_levels SET qty_milli = qty_milli - OLD.opening_qty_milli + NEW.opening_qty_milli WHERE item_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `items_stock_ad` AFTER DELETE ON `items`
BEGIN
  UPDATE stock_levels SET qty_milli = qty_milli - OLD.opening_qty_milli WHERE item_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER `stock_adjustments_ai` AFTER INSERT ON `stock_adjustments`
WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO stock_levels (item_id, business_id, qty_milli) VALUES (NEW.item_id, NEW.business_id, NEW.qty_milli)
  ON CONFLICT(item_id) DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli;
END;
--> statement-breakpoint
CREATE TRIGGER `stock_adjustments_ad` AFTER DELETE ON `stock_adjustments`
WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE stock_levels SET qty_milli = qty_milli - OLD.qty_milli WHERE item_id = OLD.item_id;
END;
--> statement-breakpoint
-- An update removes the old contribution and adds the new one: deletes, restores, quantity
-- and item changes are all one rule.
CREATE TRIGGER `stock_adjustments_au_old` AFTER UPDATE OF item_id, qty_milli, deleted_at ON `stock_adjustments`
WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE stock_levels SET qty_milli = qty_milli - OLD.qty_milli WHERE item_id = OLD.item_id;
END;
--> statement-breakpoint
CREATE TRIGGER `stock_adjustments_au_new` AFTER UPDATE OF item_id, qty_milli, deleted_at ON `stock_adjustments`
WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO stock_levels (item_id, business_id, qty_milli) VALUES (NEW.item_id, NEW.business_id, NEW.qty_milli)
  ON CONFLICT(item_id) DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli;
END;
