import type { Script } from '../script.js';
import { helpScripts } from './help.js';
import { orderScripts } from './orders.js';
import { peopleScripts } from './people.js';

export const scripts: Script[] = [...orderScripts, ...helpScripts, ...peopleScripts];
