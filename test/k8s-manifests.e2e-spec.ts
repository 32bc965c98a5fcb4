import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
// js-yaml is not a direct dependency: it is hoisted at the top of node_modules through @nestjs/swagger (a
// production dependency). Listing it in devDependencies would make that explicit.
import { loadAll } from 'js-yaml';
import request from 'supertest';
import { KnownRoutes } from '../src/common/routes/known-routes';
import { ConfigError, loadConfig } from '../src/config/load-config';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * Offline validation of k8s/ (ISSUE 11, item 5): the manifests parse, fit together (names, labels, ports), keep
 * the security settings, only name variables the app knows, probe routes the real app serves, and never expose
 * the usage routes through the Ingress (USAGE_AUTH=open: CONTRACT.md "Usage ingestion auth").
 */

type Labels = Record<string, string>;
interface Selector {
  matchLabels?: Labels;
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds?: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodTemplate {
  metadata: { labels: Labels };
  spec: {
    containers: Container[];
    securityContext?: SecurityContext;
    volumes?: { name: string; emptyDir?: object }[];
    automountServiceAccountToken?: boolean;
    terminationGracePeriodSeconds?: number;
    restartPolicy?: string;
    topologySpreadConstraints?: { labelSelector?: Selector }[];
    affinity?: {
      podAntiAffinity?: Record<string, { labelSelector?: Selector; podAffinityTerm?: { labelSelector?: Selector } }[]>;
    };
  };
}
interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels };
  spec?: unknown;
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
  resources?: string[];
  namespace?: string;
}
type ServicePortRef = { name?: string; number?: number };
interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: ServicePortRef } };
}
interface NetworkPeer {
  namespaceSelector?: Selector;
  podSelector?: Selector;
  ipBlock?: unknown;
}
interface NetworkRule {
  from?: NetworkPeer[];
  to?: NetworkPeer[];
  ports?: { protocol?: string; port: number | string }[];
}

const ROOT = join(__dirname, '..');
const K8S = join(ROOT, 'k8s');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
    )
    .sort();
}

const manifests: Manifest[] = yamlFiles(K8S).flatMap((path) =>
  loadAll(readFileSync(path, 'utf8'))
    .filter((doc) => doc !== null && doc !== undefined)
    .map((doc) => ({ ...(doc as Omit<Manifest, 'file'>), file: relative(ROOT, path) })),
);

function one(kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind} in k8s/, found ${found.length}`);
  return found[0];
}

const deployment = one('Deployment');
const deploymentSpec = deployment.spec as { replicas?: number; selector: Selector; template: PodTemplate };
const job = one('Job');
const jobTemplate = (job.spec as { template: PodTemplate }).template;
const service = one('Service');
const serviceSpec = service.spec as {
  type?: string;
  selector: Labels;
  ports: { name?: string; port: number; targetPort: number | string }[];
};
const configMap = one('ConfigMap');
const secret = one('Secret');
const pods: [string, PodTemplate][] = [
  ['Deployment', deploymentSpec.template],
  ['Job', jobTemplate],
];
const api = deploymentSpec.template.spec.containers[0];

const envExampleKeys = new Set(
  readFileSync(join(ROOT, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined),
);

const isSubset = (sub: Labels | undefined, of: Labels): boolean =>
  !!sub && Object.keys(sub).length > 0 && Object.entries(sub).every(([k, v]) => of[k] === v);

function containerPort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** CPU in cores, memory in bytes. */
function quantity(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|k|M|G)?$/.exec(value);
  if (!m) throw new Error(`unreadable quantity ${value}`);
  const factor: Record<string, number> = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 };
  return Number(m[1]) * (m[2] ? factor[m[2]] : 1);
}

/** Whether an Ingress path would send `url` to the backend (case-insensitively, as Express routes). */
function routes(p: IngressPath, url: string): boolean {
  const path = p.path.toLowerCase();
  const target = url.toLowerCase();
  if (p.pathType === 'Exact') return target === path;
  if (p.pathType === 'Prefix') {
    const want = path.split('/').filter(Boolean);
    const got = target.split('/').filter(Boolean);
    return want.every((segment, i) => got[i] === segment);
  }
  return target.startsWith(path); // ImplementationSpecific: read as the broadest plain prefix
}

const ingressSpec = one('Ingress').spec as { defaultBackend?: unknown; rules: { http: { paths: IngressPath[] } }[] };
const ingressPaths = ingressSpec.rules.flatMap((r) => r.http.paths);
const exposed = (url: string) => ingressPaths.some((p) => routes(p, url));
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

describe('k8s/ manifests', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ clean: false });
  });
  afterAll(() => sut.close());

  it('hold one of each expected kind', () => {
    for (const kind of [
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'ConfigMap',
      'Secret',
      'Job',
      'NetworkPolicy',
      'Ingress',
      'Kustomization',
    ]) {
      expect(() => one(kind)).not.toThrow();
    }
  });

  it.each(manifests.map((m) => [`${m.file} ${m.kind}`, m] as const))(
    '%s has apiVersion, kind, metadata.name and no namespace',
    (_, m) => {
      expect(typeof m.apiVersion).toBe('string');
      expect(typeof m.kind).toBe('string');
      expect(m.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(m.metadata.namespace).toBeUndefined();
    },
  );

  it('kustomization lists every manifest except the Secret template, the Job and the Ingress example', () => {
    const kustomization = one('Kustomization');
    expect(kustomization.namespace).toBeUndefined();
    const listed = new Set((kustomization.resources ?? []).map((r) => join('k8s', r)));
    const expected = new Set(
      manifests.filter((m) => !['Kustomization', 'Secret', 'Job', 'Ingress'].includes(m.kind)).map((m) => m.file),
    );
    expect([...listed].sort()).toEqual([...expected].sort());
  });

  describe('Deployment', () => {
    it('probes liveness on /live, readiness on /ready, and has a startup probe, all on the container port', () => {
      expect(api.livenessProbe?.httpGet?.path).toBe('/live');
      expect(api.readinessProbe?.httpGet?.path).toBe('/ready');
      expect(api.startupProbe?.httpGet?.path).toBeDefined();
      for (const probe of [api.livenessProbe, api.readinessProbe, api.startupProbe]) {
        expect(containerPort(api, probe?.httpGet?.port)).toBe(Number(configMap.data?.PORT));
      }
    });

    it("probe paths are GET routes in the real app's OpenAPI document and answer 200", async () => {
      const doc = await request(sut.app.getHttpServer()).get('/openapi.json').expect(200);
      for (const path of [api.livenessProbe, api.readinessProbe, api.startupProbe].map(
        (p) => p?.httpGet?.path as string,
      )) {
        expect(doc.body.paths[path]?.get).toBeDefined();
        expect(sut.app.get(KnownRoutes).methodsFor(path)).toContain('GET');
        await request(sut.app.getHttpServer()).get(path).expect(200);
      }
    });

    it('the container port is the Service targetPort and the configured PORT', () => {
      expect(serviceSpec.type ?? 'ClusterIP').toBe('ClusterIP');
      expect(serviceSpec.ports).toHaveLength(1);
      expect(serviceSpec.ports[0].port).toBe(80);
      expect(containerPort(api, serviceSpec.ports[0].targetPort)).toBe(8000);
      expect(configMap.data?.PORT).toBe('8000');
      expect(isSubset(serviceSpec.selector, deploymentSpec.template.metadata.labels)).toBe(true);
      expect(isSubset(serviceSpec.selector, jobTemplate.metadata.labels)).toBe(false);
    });

    it('the selector matches the pod template', () => {
      expect(isSubset(deploymentSpec.selector.matchLabels, deploymentSpec.template.metadata.labels)).toBe(true);
    });

    it('drains before SIGTERM: a preStop sleep shorter than the grace period', () => {
      const preStop = api.lifecycle?.preStop;
      const sleep =
        preStop?.sleep?.seconds ?? (preStop?.exec?.command?.[0] === 'sleep' ? Number(preStop.exec.command[1]) : NaN);
      expect(sleep).toBeGreaterThan(0);
      expect(deploymentSpec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(sleep + 10);
    });

    it('spreads its pods over nodes', () => {
      const spec = deploymentSpec.template.spec;
      const selectors = [
        ...(spec.topologySpreadConstraints ?? []).map((c) => c.labelSelector),
        ...Object.values(spec.affinity?.podAntiAffinity ?? {})
          .flat()
          .map((t) => t.labelSelector ?? t.podAffinityTerm?.labelSelector),
      ];
      expect(selectors.length).toBeGreaterThan(0);
      for (const s of selectors) expect(isSubset(s?.matchLabels, deploymentSpec.template.metadata.labels)).toBe(true);
    });
  });

  describe.each(pods)('%s pods', (_, template) => {
    const pod = template.spec;
    const containers = pod.containers;
    const effective = (c: Container): SecurityContext => ({ ...pod.securityContext, ...c.securityContext });

    it('run as uid 1000, non-root, read-only root, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
      for (const c of containers) {
        const sc = effective(c);
        expect(sc.runAsNonRoot).toBe(true);
        expect(sc.runAsUser).toBe(1000);
        expect(sc.readOnlyRootFilesystem).toBe(true);
        expect(sc.allowPrivilegeEscalation).toBe(false);
        expect(sc.privileged).not.toBe(true);
        expect(sc.capabilities?.drop).toContain('ALL');
        expect(sc.capabilities?.add ?? []).toEqual([]);
        expect(sc.seccompProfile?.type).toBe('RuntimeDefault');
      }
      expect(pod.automountServiceAccountToken).toBe(false);
    });

    it('write only to emptyDir volumes at /tmp and /app/data', () => {
      for (const c of containers) {
        for (const mountPath of ['/tmp', '/app/data']) {
          const mount = c.volumeMounts?.find((m) => m.mountPath === mountPath);
          expect(pod.volumes?.find((v) => v.name === mount?.name)?.emptyDir).toBeDefined();
        }
      }
    });

    it('set CPU and memory requests and limits, requests within limits', () => {
      for (const c of containers) {
        for (const resource of ['cpu', 'memory']) {
          const requested = c.resources?.requests?.[resource];
          const limit = c.resources?.limits?.[resource];
          expect(requested && limit).toBeTruthy();
          expect(quantity(String(requested))).toBeLessThanOrEqual(quantity(String(limit)));
        }
      }
    });

    it('take their environment from the ConfigMap and the Secret, and name only variables of .env.example', () => {
      for (const c of containers) {
        expect(c.envFrom).toEqual(
          expect.arrayContaining([
            { configMapRef: { name: configMap.metadata.name } },
            { secretRef: { name: secret.metadata.name } },
          ]),
        );
        for (const { name } of c.env ?? []) expect(envExampleKeys).toContain(name);
      }
    });

    it('use the image the Deployment runs and are watched by the NetworkPolicy', () => {
      for (const c of containers) expect(c.image).toBe(api.image);
      const policy = one('NetworkPolicy').spec as { podSelector: Selector };
      expect(isSubset(policy.podSelector.matchLabels, template.metadata.labels)).toBe(true);
    });
  });

  describe('ConfigMap and Secret', () => {
    const secretValues = { ...secret.data, ...secret.stringData };

    it('name only variables the app knows (.env.example), with string values', () => {
      expect(envExampleKeys.size).toBeGreaterThan(10);
      for (const [key, value] of Object.entries({ ...configMap.data, ...secretValues })) {
        expect(envExampleKeys).toContain(key);
        expect(typeof value).toBe('string');
      }
    });

    it('keep secrets out of the ConfigMap and settings out of the Secret', () => {
      const secretKeys = [
        'ADMIN_TOKEN',
        'ADMIN_TOKEN_PREVIOUS',
        'DATABASE_URL',
        'REPORTS_DATABASE_URL',
        'REDIS_URL',
        'USAGE_TOKEN',
        'KEY_CACHE_SECRET',
      ];
      expect(Object.keys(secretValues).sort()).toEqual([...secretKeys].sort());
      for (const key of secretKeys) expect(Object.keys(configMap.data ?? {})).not.toContain(key);
    });

    it("the ConfigMap is production with USAGE_AUTH=open, and passes the app's own validation with real secrets", () => {
      expect(configMap.data).toMatchObject({ NODE_ENV: 'production', USAGE_AUTH: 'open' });
      const config = loadConfig({
        ...(configMap.data as Record<string, string>),
        ADMIN_TOKEN: 'k8s-test-admin-token-0123456789abcdef0123',
        KEY_CACHE_SECRET: 'k8s-test-cache-secret-0123456789abcdef0123',
        DATABASE_URL: 'postgres://hokusai:pw@postgres:5432/hokusai',
        REDIS_URL: 'redis://redis:6379/0',
      });
      expect(config).toMatchObject({ nodeEnv: 'production', port: 8000, usageAuth: 'open', bcryptRounds: 12 });
      // One hop, the ingress controller: never `true`, which let any caller pick its address (issue 16 item 4).
      expect(config.trustProxy).toBe(1);
    });

    it('the Secret is a template: placeholders only, refused by the app, with kubectl instructions', () => {
      for (const value of Object.values(secretValues))
        expect(value === '' || String(value).includes('REPLACE_ME')).toBe(true);
      expect(() =>
        loadConfig({ ...(configMap.data as Record<string, string>), ...(secretValues as Record<string, string>) }),
      ).toThrow(ConfigError);
      expect(readFileSync(join(ROOT, secret.file), 'utf8')).toContain('kubectl create secret generic');
    });
  });

  it('the HPA scales the Deployment on CPU between 2 and 10 replicas', () => {
    const hpa = one('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    const spec = hpa.spec as {
      scaleTargetRef: { apiVersion: string; kind: string; name: string };
      minReplicas: number;
      maxReplicas: number;
      metrics: { type: string; resource?: { name: string; target: { type: string; averageUtilization?: number } } }[];
    };
    expect(spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(spec.maxReplicas).toBe(10);
    expect(spec.metrics).toContainEqual({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
    });
    // The HPA owns the count; if the Deployment names one, it must lie within the HPA's range.
    if (deploymentSpec.replicas !== undefined) {
      expect(deploymentSpec.replicas).toBeGreaterThanOrEqual(spec.minReplicas);
      expect(deploymentSpec.replicas).toBeLessThanOrEqual(spec.maxReplicas);
    }
  });

  it('the PDB keeps one pod of the Deployment', () => {
    const spec = one('PodDisruptionBudget').spec as { minAvailable: number; selector: Selector };
    expect(spec.minAvailable).toBe(1);
    expect(spec.selector.matchLabels).toEqual(deploymentSpec.selector.matchLabels);
    expect(isSubset(spec.selector.matchLabels, jobTemplate.metadata.labels)).toBe(false);
  });

  it('the NetworkPolicy admits only labelled namespaces and lets out only DNS, PostgreSQL and Redis', () => {
    const spec = one('NetworkPolicy').spec as { policyTypes: string[]; ingress: NetworkRule[]; egress: NetworkRule[] };
    expect([...spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
    const peers = spec.ingress.flatMap((rule) => {
      expect(rule.from?.length).toBeGreaterThan(0);
      expect(rule.ports?.map((p) => containerPort(api, p.port))).toEqual([8000]);
      return rule.from ?? [];
    });
    for (const peer of peers) {
      expect(peer.ipBlock).toBeUndefined();
      expect(Object.keys(peer.namespaceSelector?.matchLabels ?? {}).length).toBeGreaterThan(0);
    }
    expect(peers.map((p) => p.namespaceSelector?.matchLabels)).toContainEqual({ 'hokusai.io/platform': 'true' });
    expect(peers.length).toBe(2); // the platform's namespaces and the ingress controller's
    const egressPorts = spec.egress.flatMap((rule) => {
      expect(rule.ports?.length).toBeGreaterThan(0); // no rule open to every port
      return (rule.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${p.port}`);
    });
    expect([...new Set(egressPorts)].sort()).toEqual(['TCP/26379', 'TCP/53', 'TCP/5432', 'TCP/6379', 'UDP/53']);
  });

  describe('Ingress', () => {
    it('routes only to the Service', () => {
      expect(ingressSpec.defaultBackend).toBeUndefined();
      for (const p of ingressPaths) {
        expect(p.backend.service.name).toBe(service.metadata.name);
        const port = p.backend.service.port;
        expect(
          serviceSpec.ports.some((sp) => (port.name !== undefined && sp.name === port.name) || sp.port === port.number),
        ).toBe(true);
      }
    });

    it('exposes validation, key administration, GitHub secret scanning and the docs', () => {
      for (const url of [
        '/api/v1/keys/validate',
        '/api/v1/secret-scanning/github',
        '/api/v1/keys',
        `/api/v1/keys/${SAMPLE_ID}/rotate`,
        '/docs',
        '/openapi.json',
      ]) {
        expect(exposed(url)).toBe(true);
      }
    });

    it('has no path under /api/v1/usage (nor any prefix of it), and keeps health and metrics inside', () => {
      for (const p of ingressPaths) expect(p.path.toLowerCase().startsWith('/api/v1/usage')).toBe(false);
      const appUsageRoutes = sut.app
        .get(KnownRoutes)
        .list()
        .map((r) => r.path)
        .filter((path) => path.startsWith('/api/v1/usage'))
        .map((path) => path.replace(/\{[^}]+\}/g, SAMPLE_ID));
      const inside = [
        '/api/v1/usage',
        '/api/v1/usage/batch',
        `/api/v1/usage/${SAMPLE_ID}`,
        `/api/v1/usage/${SAMPLE_ID}/debit`,
        `/api/v1/usage/${SAMPLE_ID}/stats`,
        '/api/v1/usage/aggregate',
        '/API/V1/USAGE/batch',
        '/metrics',
        '/metrics/prometheus',
        '/live',
        '/ready',
      ];
      for (const url of [...inside, ...appUsageRoutes]) expect([url, exposed(url)]).toEqual([url, false]);
    });
  });

  describe('migration Job', () => {
    it('runs the TypeORM CLI on the compiled data source, once, with the same environment', () => {
      const [c] = jobTemplate.spec.containers;
      expect(c.command).toEqual([
        'node',
        'node_modules/typeorm/cli.js',
        'migration:run',
        '-d',
        'dist/src/database/data-source.js',
      ]);
      expect(['Never', 'OnFailure']).toContain(jobTemplate.spec.restartPolicy);
      expect(readdirSync(join(ROOT, 'src', 'database'))).toContain('data-source.ts');
      // The image keeps production dependencies only: the CLI must come from one.
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      expect(pkg.dependencies.typeorm).toBeDefined();
    });
  });

  it('the Dockerfile runs the build as uid 1000 with production dependencies and exposes the container port', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(runtime).toMatch(/^USER 1000(:1000)?$/m);
    expect(runtime).toMatch(/^EXPOSE 8000$/m);
    expect(runtime).toContain('"dist/src/main.js"');
  });
});
