export { main } from './main.js';
export { ExitCode } from './exit-codes.js';
export { emulateCommand } from './commands/emulate-command.js';
export { listenCommand, type RunningListener } from './commands/listen-command.js';
export { runDatong, type InProcessResult } from './run-in-process.js';
