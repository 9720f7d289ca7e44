// The project root, found the same way from src/*.ts (tsx) and dist/*.js (built).
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../', import.meta.url));
export const fromRoot = (...parts: string[]) => [projectRoot.replace(/\/$/, ''), ...parts].join('/');
