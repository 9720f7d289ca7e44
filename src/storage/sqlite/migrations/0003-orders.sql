-- The order directory (who owns which panel order, and its last known status), the webhook
-- event ids already applied, and the cached `services` answer of the panel.
CREATE TABLE orders (
  order_id          TEXT PRIMARY KEY,
  shop_order_id     TEXT,
  email             TEXT,
  account_id        TEXT,
  link              TEXT,
  payment_reference TEXT,
  service_id        TEXT,
  quantity          INTEGER,
  created_at        TEXT,
  status            TEXT,
  raw_status        TEXT,
  start_count       INTEGER,
  remains           INTEGER,
  charge            TEXT,
  status_at         TEXT,
  updated_at        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX orders_by_email ON orders (email);
CREATE INDEX orders_by_shop_order_id ON orders (shop_order_id);
CREATE INDEX orders_by_payment_reference ON orders (payment_reference);

CREATE TABLE webhook_events (
  id          TEXT PRIMARY KEY,
  type        TEXT NOT NULL,
  order_id    TEXT,
  received_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE service_rules (
  service_id TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  type       TEXT NOT NULL,
  category   TEXT NOT NULL,
  rate       TEXT NOT NULL,
  min        INTEGER NOT NULL,
  max        INTEGER NOT NULL,
  refill     INTEGER,
  cancel     INTEGER,
  dripfeed   INTEGER
) WITHOUT ROWID;

-- One row: when the cached services answer was fetched (kept even if the panel lists none).
CREATE TABLE service_rules_fetch (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  fetched_at TEXT NOT NULL,
  currency   TEXT
);
