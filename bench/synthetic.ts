/** Synthetic CME traffic for benchmarks: logins of both shapes, many actions, failures, 1–50 KB bodies. */
import { listActions } from '../lib/cme/catalogue';
import type { RawCall } from '../lib/cme/types';

const SIG =
  'F9yi6VNwc42SaxI+CcRaQPAV4XJzZWNyZXRJZD1BS0lERVhBTVBMRSZjdXJyZW50VGltZVN0YW1wPTE3MDAwMDAwMDAmZXhwaXJlVGltZT0xNzAwMDAwMzAwJnJhbmRvbT0xMjM0NTYmcGxhdGZvcm09bXlfcGxhdGZvcm0mYWN0aW9uPUxvZ2luJnVzZXJJZD11c2VyXzAwMQ==';

/** A small deterministic PRNG so runs compare. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mediaItem(i: number): Record<string, unknown> {
  return {
    BasicInfo: {
      MaterialId: `mat_${i.toString(16).padStart(12, '0')}`,
      MaterialType: i % 3 ? 'VIDEO' : 'IMAGE',
      Name: i % 4 ? `clip-${i}.mp4` : `产品发布会-${i}.mp4`,
      CreateTime: '2026-11-29T05:00:00Z',
      UpdateTime: '2026-11-29T05:00:00Z',
      ClassPath: '/素材/活动',
      PresetTagSet: [],
      TagSet: ['demo', '发布会'],
      PreviewUrl: `https://example.invalid/preview/${i}.jpg`,
      Owner: { Type: 'PERSON', Id: 'user_001' },
    },
    VideoMaterial: { MetaData: { Size: 1048576 + i, Duration: 12.5, Width: 1920, Height: 1080 } },
  };
}

/** `count` captured calls with answers between 1 and 50 KB. */
export function syntheticCalls(count: number, seed = 7): RawCall[] {
  const random = rng(seed);
  const actions = listActions().filter((a) => a.documented);
  const calls: RawCall[] = [];
  const tickets = Array.from({ length: 20 }, (_, i) => `tf_${i.toString(16).padStart(32, 'a')}`);
  for (let i = 0; i < count; i++) {
    const startedAt = 1_700_000_000_000 + i * 50;
    const ticket = tickets[i % tickets.length]!;
    if (i % 20 === 0) {
      const legacy = i % 40 === 0;
      const answer = legacy
        ? {
            Code: 'Success',
            Message: '成功',
            EnglishMessage: 'OK',
            Data: { AppId: 1250000001, Platform: 'my_platform', UserId: 'user_001', Authorization: ticket },
          }
        : {
            Response: {
              AppId: 1250000001,
              Authorization: ticket,
              Platform: 'my_platform',
              RequestId: `req-${i}`,
              TfUid: 'tfu_1',
            },
          };
      calls.push({
        startedAt,
        durationMs: 40,
        request: {
          method: 'GET',
          url: `https://open.cme.qcloud.com/?signature=${encodeURIComponent(SIG)}`,
          headers: [],
          body: null,
        },
        response: {
          status: 200,
          headers: [],
          body: { text: JSON.stringify(answer), mimeType: 'application/json' },
        },
      });
      continue;
    }
    const entry = actions[Math.floor(random() * actions.length)]!;
    const failed = random() < 0.05;
    const targetBytes = 1024 + Math.floor(random() * 49 * 1024);
    const items: unknown[] = [];
    let size = 0;
    for (let k = 0; size < targetBytes; k++) {
      const item = mediaItem(i * 100 + k);
      items.push(item);
      size += 520;
    }
    const envelope = failed
      ? {
          Code: 'InvalidParameterValue.MaterialId',
          Message: '媒体不存在',
          EnglishMessage: 'material not exist',
          RequestId: `req-${i}`,
        }
      : {
          Code: 'Success',
          Message: '成功',
          EnglishMessage: 'success',
          RequestId: `req-${i}`,
          Data: { TotalCount: items.length, MaterialInfoSet: items },
        };
    const proxied = i % 10 === 3;
    const host = proxied ? 'https://app.example.invalid/api/cme' : 'https://web-paas-api.cme.qcloud.com';
    calls.push({
      startedAt,
      durationMs: 20 + Math.floor(random() * 200),
      request: {
        method: 'POST',
        url: `${host}/PaaS/${entry.actionClass}/${entry.action}?auth=${ticket}`,
        headers: [{ name: 'content-type', value: 'application/json' }],
        body: {
          text: JSON.stringify({
            Platform: 'my_platform',
            Owner: { Type: 'PERSON', Id: 'user_001' },
            MaterialId: 'mat_1',
            ClassId: 0,
          }),
        },
      },
      response: {
        status: 200,
        headers: [],
        body: { text: JSON.stringify(envelope), mimeType: 'application/json' },
      },
    });
  }
  return calls;
}
