/**
 * The HAR 1.2 format as a JSON Schema (draft-07), written from the HAR 1.2 specification
 * (W3C Web Performance WG draft "HTTP Archive (HAR) format", Jan Odvarko): every object and every
 * required field, the types, `-1` as the only allowed negative size or optional timing, `send`, `wait`
 * and `receive` never negative, ISO 8601 dates. Custom fields (`_name`) and comments are allowed
 * everywhere, as the spec allows. `validateHar` (ajv, a dev dependency) returns the violations.
 */
import Ajv from 'ajv';

const DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$';
const comment = { type: 'string' };
const sizeOrUnknown = { type: 'number', minimum: -1 };
const optionalPhase = { type: 'number', minimum: -1 };
const requiredPhase = { type: 'number', minimum: 0 };

const nameValue = {
  type: 'object',
  required: ['name', 'value'],
  properties: { name: { type: 'string' }, value: { type: 'string' }, comment },
};

const cookie = {
  type: 'object',
  required: ['name', 'value'],
  properties: {
    name: { type: 'string' },
    value: { type: 'string' },
    path: { type: 'string' },
    domain: { type: 'string' },
    expires: { type: 'string' },
    httpOnly: { type: 'boolean' },
    secure: { type: 'boolean' },
    comment,
  },
};

const cacheDetails = {
  type: ['object', 'null'],
  required: ['lastAccess', 'eTag', 'hitCount'],
  properties: {
    expires: { type: 'string' },
    lastAccess: { type: 'string' },
    eTag: { type: 'string' },
    hitCount: { type: 'integer' },
    comment,
  },
};

/** HAR 1.2 as a JSON Schema. */
export const HAR_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['log'],
  properties: {
    log: {
      type: 'object',
      required: ['version', 'creator', 'entries'],
      properties: {
        version: { type: 'string' },
        creator: { $ref: '#/definitions/creator' },
        browser: { $ref: '#/definitions/creator' },
        pages: { type: 'array', items: { $ref: '#/definitions/page' } },
        entries: { type: 'array', items: { $ref: '#/definitions/entry' } },
        comment,
      },
    },
  },
  definitions: {
    creator: {
      type: 'object',
      required: ['name', 'version'],
      properties: { name: { type: 'string' }, version: { type: 'string' }, comment },
    },
    page: {
      type: 'object',
      required: ['startedDateTime', 'id', 'title', 'pageTimings'],
      properties: {
        startedDateTime: { type: 'string', pattern: DATE_TIME },
        id: { type: 'string', minLength: 1 },
        title: { type: 'string' },
        pageTimings: {
          type: 'object',
          properties: { onContentLoad: optionalPhase, onLoad: optionalPhase, comment },
        },
        comment,
      },
    },
    entry: {
      type: 'object',
      required: ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'],
      properties: {
        pageref: { type: 'string' },
        startedDateTime: { type: 'string', pattern: DATE_TIME },
        time: { type: 'number', minimum: 0 },
        request: { $ref: '#/definitions/request' },
        response: { $ref: '#/definitions/response' },
        cache: {
          type: 'object',
          properties: { beforeRequest: cacheDetails, afterRequest: cacheDetails, comment },
        },
        timings: {
          type: 'object',
          required: ['send', 'wait', 'receive'],
          properties: {
            blocked: optionalPhase,
            dns: optionalPhase,
            connect: optionalPhase,
            send: requiredPhase,
            wait: requiredPhase,
            receive: requiredPhase,
            ssl: optionalPhase,
            comment,
          },
        },
        serverIPAddress: { type: 'string' },
        connection: { type: 'string' },
        comment,
      },
    },
    request: {
      type: 'object',
      required: [
        'method',
        'url',
        'httpVersion',
        'cookies',
        'headers',
        'queryString',
        'headersSize',
        'bodySize',
      ],
      properties: {
        method: { type: 'string' },
        url: { type: 'string' },
        httpVersion: { type: 'string' },
        cookies: { type: 'array', items: cookie },
        headers: { type: 'array', items: nameValue },
        queryString: { type: 'array', items: nameValue },
        postData: {
          type: 'object',
          required: ['mimeType'],
          properties: {
            mimeType: { type: 'string' },
            text: { type: 'string' },
            params: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string' },
                  value: { type: 'string' },
                  fileName: { type: 'string' },
                  contentType: { type: 'string' },
                  comment,
                },
              },
            },
            comment,
          },
        },
        headersSize: sizeOrUnknown,
        bodySize: sizeOrUnknown,
        comment,
      },
    },
    response: {
      type: 'object',
      required: [
        'status',
        'statusText',
        'httpVersion',
        'cookies',
        'headers',
        'content',
        'redirectURL',
        'headersSize',
        'bodySize',
      ],
      properties: {
        status: { type: 'integer' },
        statusText: { type: 'string' },
        httpVersion: { type: 'string' },
        cookies: { type: 'array', items: cookie },
        headers: { type: 'array', items: nameValue },
        content: {
          type: 'object',
          required: ['size', 'mimeType'],
          properties: {
            size: { type: 'integer', minimum: -1 },
            compression: { type: 'integer' },
            mimeType: { type: 'string' },
            text: { type: 'string' },
            encoding: { type: 'string' },
            comment,
          },
        },
        redirectURL: { type: 'string' },
        headersSize: sizeOrUnknown,
        bodySize: sizeOrUnknown,
        comment,
      },
    },
  },
} as const;

let compiled: ReturnType<Ajv['compile']> | null = null;

/** The HAR 1.2 violations of `har` (`/log/entries/0/timings/send must be >= 0`); [] when valid. */
export function validateHar(har: unknown): string[] {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(HAR_SCHEMA);
  if (compiled(har)) return [];
  return (compiled.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
