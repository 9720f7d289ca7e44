-- The order directory (identifiers stored already normalised, with the last known status) and the
-- ids of the webhook events already applied (each applied exactly once).
CREATE TABLE orders (
  order_id          text COLLATE "C" PRIMARY KEY,
  shop_order_id     text,
  email             text,
  account_id        text,
  link              text,
  payment_reference text,
  service_id        text,
  quantity          bigint,
  created_at        text,
  status            text,
  raw_status        text,
  start_count       bigint,
  remains           bigint,
  charge            text,
  status_at         text COLLATE "C",
  updated_at        text NOT NULL
);
CREATE INDEX orders_by_email ON orders (email);
CREATE INDEX orders_by_shop_order_id ON orders (shop_order_id);
CREATE INDEX orders_by_payment_reference ON orders (payment_reference);

CREATE TABLE webhook_events (
  id          text COLLATE "C" PRIMARY KEY,
  type        text NOT NULL,
  order_id    text,
  received_at text NOT NULL
);
