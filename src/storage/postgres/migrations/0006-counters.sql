-- Hits counted across every instance (ownership-guess failures, conversation opens per address):
-- one row a hit, counted over a window, forgotten by the purge.
CREATE TABLE counter_hits (
  key text COLLATE "C" NOT NULL,
  at  text COLLATE "C" NOT NULL
);
CREATE INDEX counter_hits_by_key ON counter_hits (key, at);
CREATE INDEX counter_hits_by_at ON counter_hits (at);
