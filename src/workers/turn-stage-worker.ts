// Entry of a turn-stage worker thread (turn-stages.ts starts it).
import { serveRequests } from './pool.js';
import { runTurnStageTask, type TurnStageTask } from './turn-stage-tasks.js';

serveRequests((request) => runTurnStageTask(request as TurnStageTask));
