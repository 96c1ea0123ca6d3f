export { requestWorkflow } from './request.js';
export { missionTaskWorkflow } from './mission-task.js';
export { holidayWorkflow } from './holiday.js';
