-- Hits counted per key (ownership-guess failures, conversation opens per address), each with its
-- time, so a limit is a count since some time. Old hits are purged; the table stays small.
CREATE TABLE counter_hits (
  key TEXT NOT NULL,
  at  TEXT NOT NULL
);
CREATE INDEX counter_hits_by_key ON counter_hits (key, at);
CREATE INDEX counter_hits_by_at ON counter_hits (at);
