import { faultCases, SteppedClock } from './harness/fault-cases';
import { RedisFaultRig } from './harness/redis-faults';
import { testRedisUrl } from './harness/test-env';
import { Clock } from '../src/common/time/clock';

const realRedis = testRedisUrl();
// A fault of Redis needs a Redis: without TEST_REDIS_URL the replicas share an in-process store that cannot fail.
if (realRedis)
  describe('revocation under Redis faults, two replicas on one Redis', () => {
    const clock = new SteppedClock();
    let rig: RedisFaultRig;

    beforeAll(async () => {
      rig = await RedisFaultRig.start(realRedis, [{}, { overrides: [[Clock, clock]] }]);
    });
    afterAll(() => rig.close());

    faultCases(() => rig, clock);
  });
