import { Logger } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';

type Answer = 'whole' | 'not whole' | 'silent';

/** Probes in a row a master's connection stays silent, while another master answers, before it is dropped. */
const SILENT_PROBES_BEFORE_DROP = 4;

/**
 * Whether a Redis Cluster may be used again after an outage: every master the client knows answers CLUSTER INFO
 * in time and reports the cluster whole (a master that is down leaves some key's slot unserved).
 *
 * Two states ioredis does not leave on its own would otherwise keep the service degraded for good, both seen after
 * a master was killed and restarted: a master's connection that stays "ready" while no reply comes back on it
 * (commands only time out; ioredis never reconnects a node over a timeout), and a restarted master missing from the
 * client's pool (ioredis re-reads the slot map only on a redirection, and no command reaches Redis while degraded).
 * So a connection that stays silent through several probes in a row while another master answers is dropped (one
 * slow answer on a loaded machine is not a wedge; a whole Redis frozen drops none: its connections come back when
 * it does), and a failed probe asks for the slot map again, which opens fresh connections to every master.
 */
export class ClusterProbe {
  private readonly logger = new Logger('RedisStore');
  private readonly silences = new WeakMap<Redis, number>();

  constructor(private readonly cluster: Cluster) {}

  async answers(): Promise<boolean> {
    const masters = this.cluster.nodes('master');
    const answers = await Promise.all(masters.map((m) => this.ask(m)));
    const someAnswered = answers.some((a) => a !== 'silent');
    for (const [i, m] of masters.entries()) {
      const silences = answers[i] === 'silent' && someAnswered ? (this.silences.get(m) ?? 0) + 1 : 0;
      this.silences.set(m, silences);
      if (silences < SILENT_PROBES_BEFORE_DROP) continue;
      this.logger.warn(
        `Redis Cluster master ${m.options.host}:${m.options.port} answered none of ${silences} probes while ` +
          'another master did: dropping its connection for a fresh one',
      );
      m.disconnect();
    }
    if (masters.length && answers.every((a) => a === 'whole')) return true;
    this.cluster.refreshSlotsCache();
    return false;
  }

  private ask(master: Redis): Promise<Answer> {
    return master.call('CLUSTER', 'INFO').then(
      (info) => (/cluster_state:ok/.test(String(info)) ? 'whole' : 'not whole'),
      () => 'silent',
    );
  }
}
