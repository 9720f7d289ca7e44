// A worker entry that never finishes loading (the pool's boot deadline test).
for (;;);
