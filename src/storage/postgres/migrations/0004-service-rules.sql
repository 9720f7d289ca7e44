-- The panel's `services` answer as last fetched, and when (one row, kept even if the panel lists none).
CREATE TABLE service_rules (
  service_id text COLLATE "C" PRIMARY KEY,
  name       text NOT NULL,
  type       text NOT NULL,
  category   text NOT NULL,
  rate       text NOT NULL,
  min        bigint NOT NULL,
  max        bigint NOT NULL,
  refill     boolean,
  cancel     boolean,
  dripfeed   boolean
);

CREATE TABLE service_rules_fetch (
  id         integer PRIMARY KEY CHECK (id = 1),
  fetched_at text NOT NULL,
  currency   text
);
