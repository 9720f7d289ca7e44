-- The name visitors see for an agent ("Sam K."); NULL shows the login name. Events keep the name
-- as it was when the agent spoke, so changing it here does not rewrite old transcripts.
ALTER TABLE agents ADD COLUMN display_name text;
