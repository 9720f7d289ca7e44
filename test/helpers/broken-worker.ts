// A worker entry that fails while loading, as one with a broken model file would (the pool's tests).
throw new Error('the model file is broken');
