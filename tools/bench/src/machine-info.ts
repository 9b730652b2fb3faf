import { cpus, totalmem } from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: Record<string, string>;
}

/** What a reader needs to compare these numbers with theirs. */
export function machineInfo(postgres: Record<string, string>): MachineInfo {
  const all = cpus();
  return {
    cpu: all[0]?.model ?? 'unknown',
    cores: all.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
  };
}
