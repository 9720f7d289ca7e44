// Entry of a turn-stage worker thread (turn-stages.ts starts it). The model loads before the worker
// says it is ready: a broken model file fails the server's start, not every visitor's message.
import { loadUnderstander } from '../understanding/understand.js';
import { serveRequests } from './pool.js';
import { runTurnStageTask, type TurnStageTask } from './turn-stage-tasks.js';

loadUnderstander();
serveRequests((request) => runTurnStageTask(request as TurnStageTask));
