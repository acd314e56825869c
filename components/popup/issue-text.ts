/** The body editor's issues in the UI language (lib/ui/body-check gives them as data). */
import type { Translate } from '../../lib/i18n/i18n';
import type { BodyIssue, SyntaxDetail, SyntaxExpectation } from '../../lib/ui/popup/body-check';

function expectation(t: Translate, e: SyntaxExpectation | undefined): string {
  switch (e) {
    case 'key':
      return t('popupExpectKey');
    case 'colon':
      return "':'";
    case 'comma-or-brace':
      return t('popupExpectOr', ',', '}');
    case 'comma-or-bracket':
      return t('popupExpectOr', ',', ']');
    case 'end':
      return t('popupExpectEnd');
    default:
      return t('popupExpectValue');
  }
}

function syntaxText(t: Translate, s: SyntaxDetail): string {
  switch (s.reason) {
    case 'empty':
      return t('popupSyntaxEmpty');
    case 'unexpected':
      return t('popupSyntaxExpected', expectation(t, s.expected), `'${s.found ?? ''}'`);
    case 'unexpected-end':
      return t('popupSyntaxEnd', expectation(t, s.expected));
    case 'unterminated-string':
      return t('popupSyntaxString');
    case 'bad-escape':
      return t('popupSyntaxEscape');
    case 'control-char':
      return t('popupSyntaxControl');
    case 'bad-number':
      return t('popupSyntaxNumber');
    case 'too-deep':
      return t('popupSyntaxDeep');
  }
}

/** One issue as a sentence, naming the parameter. */
export function issueText(t: Translate, issue: BodyIssue): string {
  const param = issue.param ?? '';
  switch (issue.kind) {
    case 'syntax':
      return issue.syntax ? syntaxText(t, issue.syntax) : issue.message;
    case 'missing':
      return t('popupIssueMissing', param, issue.expected ?? '?');
    case 'type':
      return t('popupIssueType', param, issue.expected ?? '?', issue.got ?? '?');
    case 'unknown':
      return issue.suggestion
        ? t('popupIssueUnknownHint', param, issue.suggestion)
        : t('popupIssueUnknown', param);
    case 'not-object':
      return t('popupIssueNotObject');
    case 'duplicate':
      return t('popupIssueDuplicate', param);
  }
}
