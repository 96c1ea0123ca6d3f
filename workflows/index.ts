export { requestWorkflow } from './request.js';
export { missionTaskWorkflow } from './mission-task.js';
