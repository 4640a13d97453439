import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startService, type StartedService } from './services';
import { freePort } from './freePorts.mjs';

/** Debian's Prometheus 2.x (package `prometheus`) and its tools. */
export const PROMETHEUS_COMMAND = '/usr/bin/prometheus';
export const PROMTOOL_COMMAND = '/usr/bin/promtool';
/** Debian's node exporter (package `prometheus-node-exporter`). */
export const NODE_EXPORTER_COMMAND = '/usr/bin/prometheus-node-exporter';

const INSTALL_HINT =
  'run `source scripts/services.sh && atrium_ensure_prometheus` (scripts/test.sh does)';

/** A scrape job: `targets` are host:port, scraped every `scrapeInterval`. */
export interface PrometheusScrapeJob {
  job: string;
  targets: string[];
  metricsPath?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  bearerToken?: string;
}

/** Options for {@link startPrometheus}. */
export interface StartPrometheusOptions {
  /** Jobs besides Prometheus itself (`prometheus`) and the node exporter (`node`). */
  jobs?: PrometheusScrapeJob[];
  /** Rule files (YAML text), loaded as rules-N.yml. */
  rules?: string[];
  /** Start Debian's node exporter on a free port and scrape it as job `node` (default true). */
  nodeExporter?: boolean;
  /** Scrape and rule evaluation interval (default 1s, so tests see series quickly). */
  interval?: string;
  /** Port to listen on (127.0.0.1); a free one by default. */
  port?: number;
}

/** A real Prometheus started by {@link startPrometheus}. */
export interface StartedPrometheus {
  /** http://127.0.0.1:PORT */
  url: string;
  /** host:port of the node exporter, when started. */
  nodeExporterTarget?: string;
  /** Temp folder with the config, rules and tsdb; removed by stop(). */
  dir: string;
  /** Polls an instant query until it returns at least one sample; resolves with the first value. */
  waitForSample(query: string, timeoutMs?: number): Promise<number>;
  /** Polls until an alert with this name is in `state` (default firing). */
  waitForAlert(
    name: string,
    state?: 'pending' | 'firing',
    timeoutMs?: number,
  ): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/** Validates a Prometheus config (and the rule files it names) with `promtool check config`. */
export function promtoolCheckConfig(
  configFile: string,
): Promise<{ ok: boolean; output: string }> {
  if (!existsSync(PROMTOOL_COMMAND)) {
    throw new Error(`promtool is not installed: ${INSTALL_HINT}`);
  }
  return new Promise(resolve => {
    execFile(
      PROMTOOL_COMMAND,
      ['check', 'config', configFile],
      { timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ ok: !error, output: `${stdout}${stderr}` }),
    );
  });
}

/**
 * Starts Debian's Prometheus for a test: a temp folder with a config (JSON, which is
 * YAML) scraping itself, optionally a node exporter and the given jobs every second,
 * with the given rule files; a fresh tsdb; a free port on 127.0.0.1. The first samples
 * of other targets arrive a few seconds after Prometheus answers: poll with
 * `waitForSample`, don't sleep.
 */
export async function startPrometheus(
  options: StartPrometheusOptions = {},
): Promise<StartedPrometheus> {
  for (const tool of [PROMETHEUS_COMMAND, NODE_EXPORTER_COMMAND]) {
    if (!existsSync(tool)) {
      throw new Error(
        `Prometheus is not installed (${tool} is missing): ${INSTALL_HINT}`,
      );
    }
  }
  const interval = options.interval ?? '1s';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atrium-prometheus-'));
  const started: StartedService[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    let nodeExporterTarget: string | undefined;
    if (options.nodeExporter ?? true) {
      nodeExporterTarget = `127.0.0.1:${await freePort()}`;
      started.push(
        await startService({
          name: 'prometheus-node-exporter',
          command: NODE_EXPORTER_COMMAND,
          args: [`--web.listen-address=${nodeExporterTarget}`],
          readyUrl: `http://${nodeExporterTarget}/metrics`,
        }),
      );
    }
    const port = options.port ?? (await freePort());
    const ruleFiles = (options.rules ?? []).map((text, i) => {
      const file = path.join(dir, `rules-${i + 1}.yml`);
      writeFileSync(file, text);
      return file;
    });
    const job = (j: PrometheusScrapeJob) => ({
      job_name: j.job,
      ...(j.metricsPath ? { metrics_path: j.metricsPath } : {}),
      ...(j.bearerToken
        ? { authorization: { type: 'Bearer', credentials: j.bearerToken } }
        : {}),
      static_configs: [{ targets: j.targets }],
    });
    const config = {
      global: { scrape_interval: interval, evaluation_interval: interval },
      rule_files: ruleFiles,
      scrape_configs: [
        job({ job: 'prometheus', targets: [`127.0.0.1:${port}`] }),
        ...(nodeExporterTarget
          ? [job({ job: 'node', targets: [nodeExporterTarget] })]
          : []),
        ...(options.jobs ?? []).map(job),
      ],
    };
    const configFile = path.join(dir, 'prometheus.yml');
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const url = `http://127.0.0.1:${port}`;
    const prometheus = await startService({
      name: 'prometheus',
      command: PROMETHEUS_COMMAND,
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
      ],
      readyUrl: `${url}/-/ready`,
    });
    started.push(prometheus);

    const poll = async <T>(
      what: string,
      timeoutMs: number,
      attempt: () => Promise<T | undefined>,
    ): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const result = await attempt().catch(() => undefined);
        if (result !== undefined) return result;
        if (Date.now() > deadline) {
          throw new Error(
            `${what} within ${timeoutMs} ms\n--- output ---\n${prometheus.output()}`,
          );
        }
        await new Promise(r => setTimeout(r, 200));
      }
    };

    return {
      url,
      nodeExporterTarget,
      dir,
      waitForSample: (query, timeoutMs = 20_000) =>
        poll(`no sample for ${query}`, timeoutMs, async () => {
          const res = await fetch(
            `${url}/api/v1/query?query=${encodeURIComponent(query)}`,
          );
          const body = await res.json();
          const sample = body?.data?.result?.[0]?.value;
          return sample ? Number(sample[1]) : undefined;
        }),
      waitForAlert: async (name, state = 'firing', timeoutMs = 20_000) => {
        await poll(`alert ${name} not ${state}`, timeoutMs, async () => {
          const res = await fetch(`${url}/api/v1/alerts`);
          const body = await res.json();
          return body?.data?.alerts?.some(
            (a: any) => a.labels?.alertname === name && a.state === state,
          )
            ? true
            : undefined;
        });
      },
      output: () => prometheus.output(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
