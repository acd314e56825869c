// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CatalogueView,
  FINDINGS_SHOWN,
  findingText,
  type CatalogueViewProps,
} from '../../components/catalogue-view';
import { I18nProvider } from '../../components/i18n-context';
import { checkCall, findAction } from '../../lib/cme/catalogue';
import type { ParamFinding } from '../../lib/cme/types';
import { createTranslator, type Lang } from '../../lib/i18n/i18n';

const LIST_MEDIA = findAction('Material', 'ListMedia')!;

function view(props: Partial<CatalogueViewProps> = {}, lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <CatalogueView entry={LIST_MEDIA} check={null} actionClass="Material" action="ListMedia" {...props} />
    </I18nProvider>,
  ).container;
}

function findings(c: Element) {
  return Array.from(c.querySelectorAll('.cat-findings li')).map((li) => [
    li.getAttribute('data-problem'),
    li.textContent,
  ]);
}

afterEach(cleanup);

describe('CatalogueView', () => {
  it('shows the path, title in the UI language, doc link and parameter table', () => {
    const en = view();
    expect(en.querySelector('.cat-path')?.textContent).toBe('/Material/ListMedia');
    expect(en.querySelector('.cat-title')?.textContent).toBe(LIST_MEDIA.titleEn);
    expect(en.querySelector('.cat-group')?.textContent).toBe('media management');
    expect(en.querySelector<HTMLAnchorElement>('a.cat-doc')?.href).toBe(LIST_MEDIA.docUrl);
    const names = Array.from(en.querySelectorAll('.cat-params tbody tr td:first-child')).map(
      (td) => td.textContent,
    );
    expect(names).toEqual(LIST_MEDIA.params.map((p) => p.name));
    expect(en.querySelectorAll('.cat-data tbody tr').length).toBe(LIST_MEDIA.data.length);
    expect(en.querySelector('.cat-params tbody tr')?.textContent).toContain('required');
    cleanup();
    const zh = view({}, 'zh_CN');
    expect(zh.querySelector('.cat-title')?.textContent).toBe(LIST_MEDIA.titleZh);
    expect(zh.querySelector('.cat-group')?.textContent).toBe('媒体管理');
    expect(zh.querySelector('.cat-params tbody tr')?.textContent).toContain('必填');
  });

  it.each([
    ['en', 'platform ID', 'total number of matching media'],
    ['zh_CN', '平台 ID', '符合条件的媒体总数'],
  ] as [Lang, string, string][])(
    'shows the parameter and Data notes in the UI language (%s)',
    (lang, platformNote, countNote) => {
      const c = view({}, lang);
      const notes = (table: string) =>
        Array.from(c.querySelectorAll(`${table} tbody tr td:last-child`)).map((td) => td.textContent);
      const zh = lang === 'zh_CN';
      expect(notes('.cat-params')).toEqual(LIST_MEDIA.params.map((p) => (zh ? p.noteZh : p.note)));
      expect(notes('.cat-data')).toEqual(LIST_MEDIA.data.map((d) => (zh ? d.noteZh : d.note)));
      expect(notes('.cat-params')[0]).toBe(platformNote);
      expect(notes('.cat-data')[0]).toBe(countNote);
    },
  );

  it('says the body matches when the check found nothing', () => {
    const check = checkCall('Material', 'ListMedia', {
      Platform: 'p',
      ClassId: 0,
      Owner: { Type: 'PERSON', Id: 'u' },
    });
    expect(check.findings).toEqual([]);
    expect(view({ check }).querySelector('.cat-check')?.textContent).toBe(
      'The request body matches the catalogue',
    );
  });

  it('lists findings in the UI language and marks the offending parameter rows', () => {
    const check = checkCall('Material', 'ListMedia', {
      ClassId: 'x',
      Owner: { Type: 'PERSON', Id: 'u' },
      platform: 'p',
    });
    const en = view({ check });
    expect(findings(en)).toEqual([
      ['missing', 'missingMissing required parameter Platform (String)'],
      ['type', 'typeClassId should be Integer, got string'],
      [
        'unknown',
        'unknownUnknown parameter platform — did you mean Platform? CME ignores parameters it does not know, without an error.',
      ],
    ]);
    const bad = Array.from(en.querySelectorAll('.cat-params tr.cat-bad td:first-child')).map(
      (td) => td.textContent,
    );
    expect(bad).toEqual(['Platform', 'ClassId']);
    cleanup();
    expect(findings(view({ check }, 'zh_CN'))).toEqual([
      ['missing', '缺少缺少必填参数 Platform（String）'],
      ['type', '类型ClassId 的类型应为 Integer，实际为 string'],
      ['unknown', '未知未知参数 platform — 是否应为 Platform？CME 会忽略它不认识的参数，且不报错。'],
    ]);
  });

  it('lists the first findings of a body with thousands and says how many more', () => {
    const body: Record<string, unknown> = { Platform: 'p', ClassId: 0, Owner: { Type: 'PERSON', Id: 'u' } };
    for (let i = 0; i < 10_000; i++) body[`k${i}`] = i;
    const check = checkCall('Material', 'ListMedia', body);
    expect(check.findings).toHaveLength(10_000);
    const c = view({ check });
    expect(c.querySelectorAll('.cat-findings li[data-problem]')).toHaveLength(FINDINGS_SHOWN);
    expect(c.querySelector('.cat-more')?.textContent).toBe(`… and ${10_000 - FINDINGS_SHOWN} more findings`);
    cleanup();
    expect(view({ check }, 'zh_CN').querySelector('.cat-more')?.textContent).toBe(
      `…… 另有 ${10_000 - FINDINGS_SHOWN} 条未显示`,
    );
  });

  it('says a nested unknown field with its documented spelling and marks its parameter', () => {
    const check = checkCall('Material', 'ListMedia', {
      Platform: 'p',
      ClassId: 0,
      Owner: { type: 'PERSON', Id: 'u' },
    });
    const c = view({ check });
    expect(findings(c)).toEqual([
      ['missing', 'missingMissing required parameter Owner.Type (String)'],
      [
        'unknown',
        'unknownUnknown parameter Owner.type — did you mean Owner.Type? CME ignores parameters it does not know, without an error.',
      ],
    ]);
    expect([...c.querySelectorAll('tr.cat-bad td:first-child')].map((td) => td.textContent)).toEqual([
      'Owner',
    ]);
  });

  it('marks a parameter whose nested field is wrong', () => {
    const check = checkCall('Material', 'ListMedia', {
      Platform: 'p',
      ClassId: 0,
      Owner: { Type: 'PERSON' },
    });
    const c = view({ check });
    expect(check.findings.map((f) => f.param)).toEqual(['Owner.Id']);
    expect(Array.from(c.querySelectorAll('tr.cat-bad td:first-child')).map((td) => td.textContent)).toEqual([
      'Owner',
    ]);
  });

  it('flags an undocumented action', () => {
    const entry = findAction('Material', 'SearchResource')!;
    const c = view({ entry, actionClass: 'Material', action: 'SearchResource' });
    expect(c.querySelector('.cat-head .badge-warn')?.textContent).toBe('undocumented');
    expect(c.querySelector('a.cat-doc')).toBeNull();
  });

  it('says an action is not catalogued', () => {
    const c = view({ entry: undefined, actionClass: 'Material', action: 'Nope' }, 'zh_CN');
    expect(c.querySelector('.cat-missing')?.textContent).toBe(
      '目录中没有 /Material/Nope：请检查 ActionClass/Action 的拼写与大小写。',
    );
    expect(c.querySelector('table')).toBeNull();
  });

  it('warns when the call differs from the catalogue only in case', () => {
    const c = view({
      entry: findAction('material', 'listmedia'),
      actionClass: 'material',
      action: 'listmedia',
    });
    expect(c.querySelector('.cat-case')?.textContent).toBe(
      'Called as /material/listmedia, catalogued as /Material/ListMedia: paths are case-sensitive.',
    );
  });

  it('lists the error codes with their explanation as a tooltip', () => {
    const c = view();
    const codes = Array.from(c.querySelectorAll('.cat-code'));
    expect(codes.map((e) => e.textContent)).toEqual(LIST_MEDIA.errorCodes);
    for (const e of codes) expect(e.getAttribute('title')).toBeTruthy();
  });
});

describe('findingText', () => {
  const t = createTranslator('en');
  it.each([
    [
      { param: '', problem: 'not-object', expected: 'object', got: 'array', message: '' },
      'The request body should be a JSON object, got array',
    ],
    [
      { param: '', problem: 'not-object', expected: 'object', got: 'undefined', message: '' },
      'The request body is missing; a JSON object is expected',
    ],
  ] as [ParamFinding, string][])('%j → %s', (f, want) => {
    expect(findingText(f, t)).toBe(want);
  });
});
