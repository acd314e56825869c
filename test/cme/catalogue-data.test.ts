import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../lib/cme/catalogue-data';

const CJK = /[\u3400-\u9fff]/;
// Identifiers and constants the notes quote (ClassId, Sort.Field, PERSON, EFFECT_VIDEO …): the Chinese note
// must quote them too, spelled the same.
const IDENTIFIER = /[A-Z][A-Z0-9_]{2,}|[A-Z][a-z0-9]+(?:[A-Z.][A-Za-z0-9]*)+/g;
// Terms the Chinese note translates instead of quoting.
const TRANSLATED: Record<string, string> = { VOD: '云点播' };

/** Every parameter and Data field with where it sits, for table-driven checks. */
const FIELDS = CATALOGUE.flatMap((e) => [
  ...e.params.map((p) => ({ where: `${e.path} param ${p.name}`, note: p.note, noteZh: p.noteZh })),
  ...e.data.map((d) => ({ where: `${e.path} data ${d.name}`, note: d.note, noteZh: d.noteZh })),
]);

// The names, types and required flags as catalogued before the Chinese notes were added (client-api.json).
const SHAPES: [path: string, params: string[], data: string[]][] = [
  ['/Material/DeleteMaterial', ['MaterialId: String (required)'], []],
  [
    '/Material/ModifyMaterial',
    [
      'MaterialId: String (required)',
      'ClassId: Integer',
      'Name: String',
      'PresetTagIds: Array of String',
      'Tags: Array of String',
    ],
    [],
  ],
  [
    '/Material/ListMedia',
    [
      'Platform: String (required)',
      'ClassId: Integer (required)',
      'Owner: Entity (required)',
      'Offset: Integer',
      'Limit: Integer',
    ],
    [
      'MaterialTotalCount: Integer',
      'MaterialInfoSet: Array of MaterialInfo',
      'ClassInfoSet: Array of ClassInfo',
    ],
  ],
  [
    '/Material/DescribeMaterials',
    ['MaterialIds: Array of String (required)', 'FilterInfo: FilterInfo', 'Sort: SortBy'],
    ['MaterialInfoSet: Array of MaterialInfo', 'FailedMaterialInfoSet: Array of FailedMaterialInfo'],
  ],
  [
    '/Material/SearchMaterial',
    [
      'SearchScopes: Array of SearchScope (required)',
      'MaterialTypes: Array of String',
      'Text: String',
      'Resolutions: Array of String',
      'DurationRange: IntegerRange',
      'CreateTimeRange: TimeRange',
      'PresetTagIds: Array of String',
      'Tags: Array of String',
      'Sort: SortBy',
      'Offset: Integer',
      'Limit: Integer',
    ],
    ['TotalCount: Integer', 'MaterialInfoSet: Array of MaterialInfo'],
  ],
  [
    '/Material/ProcessMaterial',
    ['MaterialId: String (required)', 'Definition: Integer (required)', 'VerifySign: String (required)'],
    ['TaskId: String'],
  ],
  [
    '/Material/SearchSharedMaterial',
    [
      'Authorizer: Entity (required)',
      'Authorizee: Entity (required)',
      'MaterialTypes: Array of String',
      'Text: String',
      'Resolutions: Array of String',
      'DurationRange: IntegerRange',
      'CreateTimeRange: TimeRange',
      'PresetTagIds: Array of String',
      'Sort: SortBy',
      'Offset: Integer',
      'Limit: Integer',
    ],
    ['TotalCount: Integer', 'MaterialInfoSet: Array of MaterialInfo'],
  ],
  [
    '/Material/AddMaterialFrameTag',
    [
      'MaterialId: String (required)',
      'StartTimeOffset: Float (required)',
      'EndTimeOffset: Float (required)',
      'Tags: Array of String (required)',
      'Version: String (required)',
    ],
    ['ItemId: String'],
  ],
  [
    '/Material/ModifyMaterialFrameTag',
    [
      'MaterialId: String (required)',
      'ItemId: String (required)',
      'Tags: Array of String (required)',
      'Version: String (required)',
    ],
    [],
  ],
  [
    '/Material/DeleteMaterialFrameTag',
    ['MaterialId: String (required)', 'ItemId: String (required)', 'Version: String (required)'],
    [],
  ],
  [
    '/Material/DescribeMaterialFrameTag',
    [
      'MaterialId: String (required)',
      'StartTimeOffset: Float (required)',
      'EndTimeOffset: Float (required)',
      'OnlyManual: Boolean',
    ],
    ['FrameTagInfo: FrameTagInfo'],
  ],
  ['/Material/DescribeFaceInMaterial', ['MaterialId: String (required)'], ['FaceInfo: FaceInfo']],
  [
    '/Material/DescribeMaterialSubtitle',
    ['MaterialId: String (required)', 'StartTimeOffset: Float (required)', 'EndTimeOffset: Float (required)'],
    ['SubtitleInfo: SubtitleInfo'],
  ],
  [
    '/Material/DescribeTextInMaterial',
    ['MaterialId: String (required)', 'StartTimeOffset: Float (required)', 'EndTimeOffset: Float (required)'],
    ['TextInfo: TextInfo'],
  ],
  ['/Material/DescribeObjectInMaterial', ['MaterialId: String (required)'], ['ObjectInfo: ObjectInfo']],
  [
    '/Material/CreateClass',
    ['ParentClassId: Integer (required)', 'Name: String (required)', 'Owner: Entity (required)'],
    ['ClassId: Integer'],
  ],
  ['/Material/DeleteClass', ['Owner: Entity (required)', 'ClassId: Integer (required)'], []],
  [
    '/Material/DescribeClass',
    [
      'Platform: String (required)',
      'Owner: Entity (required)',
      'BaseClassId: Integer',
      'FirstLevel: Boolean',
    ],
    ['PathInfoSet: Array of ClassInfo', 'ClassInfoSet: Array of ClassInfo'],
  ],
  [
    '/Material/ModifyClass',
    ['ClassId: Integer (required)', 'Owner: Entity (required)', 'Name: String', 'ParentClassId: Integer'],
    [],
  ],
  [
    '/Material/CreateUploadMaterial',
    [
      'ClassId: Integer (required)',
      'MaterialType: String (required)',
      'Name: String (required)',
      'Owner: Entity (required)',
      'VerifySign: String (required)',
    ],
    ['UploadContext: String', 'VodUploadSign: String'],
  ],
  [
    '/Material/FinishUploadMaterial',
    ['UploadContext: String (required)', 'VodFileId: String (required)'],
    ['MaterialId: String'],
  ],
  [
    '/Team/DescribeTeams',
    ['TeamIds: Array of String', 'Limit: Integer', 'Offset: Integer'],
    ['TotalCount: Integer', 'TeamSet: Array of TeamInfo'],
  ],
  [
    '/Team/DescribeJoinTeams',
    ['Limit: Integer', 'Offset: Integer'],
    ['TotalCount: Integer', 'TeamSet: Array of JoinTeamInfo'],
  ],
  [
    '/Project/AddMaterialToProject',
    ['ProjectId: String (required)', 'MaterialIds: Array of String (required)'],
    [],
  ],
  [
    '/Project/DeleteMaterialFromProject',
    ['ProjectId: String (required)', 'MaterialIds: Array of String (required)'],
    [],
  ],
  ['/Project/DescribeProjectMaterials', ['ProjectId: String (required)'], ['MaterialIdSet: Array of String']],
  ['/Project/DeleteProject', ['ProjectId: String (required)'], []],
  [
    '/Project/ModifyProject',
    [
      'ProjectId: String (required)',
      'Name: String',
      'Description: String',
      'CoverUrl: String',
      'CoverSource: String',
      'WHRatio: String',
      'SwitcherInfo: SwitcherInfoForUpdate',
      'StreamConnectInfo: StreamConnectInfoForUpdate',
    ],
    [],
  ],
  [
    '/Project/DescribeProjects',
    [
      'ProjectIds: Array of String',
      'CategorySet: Array of String',
      'Name: String',
      'Sort: SortBy',
      'Offset: Integer',
      'Limit: Integer',
    ],
    ['TotalCount: Integer', 'ProjectInfoSet: Array of ProjectInfo'],
  ],
  [
    '/Project/SearchProject',
    ['CategorySet: Array of String', 'Name: String', 'Sort: SortBy', 'Offset: Integer', 'Limit: Integer'],
    ['TotalCount: Integer', 'ProjectBasicInfoSet: Array of ProjectBasicInfo'],
  ],
  [
    '/Task/DescribeTasks',
    [
      'ProjectName: String',
      'ProjectId: String',
      'MaterialId: String',
      'TaskIds: Array of String',
      'TaskTypeSet: Array of String',
      'StatusSet: Array of String',
      'Sort: SortBy',
      'Offset: Integer',
      'Limit: Integer',
    ],
    ['TotalCount: Integer', 'TaskInfoSet: Array of TaskInfo'],
  ],
  ['/Task/DeleteTask', ['TaskId: String (required)'], []],
  [
    '/Material/SearchResource',
    [
      'Text: String',
      'Offset: Integer',
      'Limit: Integer',
      'Sort: Object',
      'CreateTimeRanges: Array',
      'MaterialTypes: Array of String',
      'ReviewStatuses: Array',
      'Tags: Array',
      'SearchScopes: Array of SearchScope',
    ],
    ['ResourceInfoSet: Array', 'TotalCount: Integer'],
  ],
];

describe('catalogue notes in Chinese', () => {
  it('covers every parameter and Data field of all 33 entries', () => {
    expect(CATALOGUE).toHaveLength(33);
    expect(FIELDS.length).toBe(167);
  });

  it.each(FIELDS)('$where has a non-empty Chinese note', ({ noteZh }) => {
    expect(noteZh.trim()).not.toBe('');
    expect(noteZh).toMatch(CJK);
  });

  it.each(FIELDS)('$where quotes the identifiers of the English note', ({ note, noteZh }) => {
    const missing = (note.match(IDENTIFIER) ?? []).filter(
      (id) => !noteZh.includes(id) && !noteZh.includes(TRANSLATED[id] ?? id),
    );
    expect(missing).toEqual([]);
  });

  it('does not simply copy the English note', () => {
    expect(FIELDS.filter((f) => f.note !== '' && f.note === f.noteZh)).toEqual([]);
  });
});

describe('catalogue shapes', () => {
  it('lists the same actions in the same order', () => {
    expect(CATALOGUE.map((e) => e.path)).toEqual(SHAPES.map(([path]) => path));
  });

  it.each(SHAPES)('%s keeps its parameter and Data names and types', (path, params, data) => {
    const entry = CATALOGUE.find((e) => e.path === path);
    expect(entry?.params.map((p) => `${p.name}: ${p.type}${p.required ? ' (required)' : ''}`)).toEqual(
      params,
    );
    expect(entry?.data.map((d) => `${d.name}: ${d.type}`)).toEqual(data);
  });
});
