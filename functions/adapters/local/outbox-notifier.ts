import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Alert, Notifier } from '../../ports/notifier.ts';

/**
 * Local alerts: appended to an outbox file (one JSON object per line); urgent ones are also written to
 * the log, so a developer sees a privacy concern the moment it is reported (release notices would
 * crowd it: every seeded release passes its checks).
 */
export class OutboxNotifier implements Notifier {
  readonly path: string;
  private readonly log: (line: string) => void;
  constructor(path: string, log: (line: string) => void = (l) => console.warn(l)) {
    this.path = path;
    this.log = log;
  }

  async alert(alert: Alert): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(alert)}\n`);
    if (alert.urgency === 'urgent')
      this.log(`ALERT [${alert.kind}] ${alert.department}/${alert.datasetId}: ${alert.subject} → ${alert.link}`);
  }
}
