/**
 * The OpenAPI document, in both renditions (3.1 and the 3.0 the OGC landing page offers), has no
 * problem in Redocly's `recommended` ruleset nor Spectral's `spectral:oas`, with the rules turned off
 * in server/routes/openapi/redocly.yaml and spectral.yaml (each with its reason).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import type { Database } from '../../db/client.ts';
import { createApp } from '../../server/app.ts';
import { openApiDocument } from '../../server/routes/openapi/openapi-document.ts';
import { testEnv } from '../support/env.ts';

// the document is built from route declarations alone: a query here is a bug (route groups only read the mode)
const noDatabase = new Proxy({} as Database, {
  get: (_t, key) => {
    if (key === 'mode') return 'embedded';
    throw new Error(`the OpenAPI document touched the database (${String(key)})`);
  },
});
const app = createApp({ database: noDatabase, env: testEnv() });
const configFile = (name: string) => new URL(`../../server/routes/openapi/${name}`, import.meta.url);
const { Spectral, Document } = spectralCore;

describe.each(['3.1', '3.0'] as const)('OpenAPI %s document', (version) => {
  // a server that is not localhost: Redocly warns on localhost, which no deployment has
  const source = JSON.stringify(openApiDocument(app, { version, server: 'https://grid.pingan.internal' }));

  it('is a valid OpenAPI document of its version', async () => {
    const doc = JSON.parse(source) as { openapi: string };
    expect(doc.openapi).toBe(version === '3.0' ? '3.0.3' : '3.1.0');
    const result = await validate(doc as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('has no Redocly problem (recommended)', async () => {
    const config = await createConfig(readFileSync(configFile('redocly.yaml'), 'utf8'));
    const problems = await lintFromString({ source, absoluteRef: '/openapi.json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  }, 60_000);

  it('has no Spectral problem (spectral:oas)', async () => {
    const { rules } = spectralParsers.Yaml.parse(readFileSync(configFile('spectral.yaml'), 'utf8')).data as { rules: Record<string, 'off'> };
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [oas] as never, rules });
    const results = await spectral.run(new Document(source, spectralParsers.Json, '/openapi.json'));
    expect(results.map((r) => `${r.severity} ${r.code}: ${r.message} at ${r.path.join('/')}`)).toEqual([]);
  }, 60_000);
});
