/**
 * Catches a view's render error and says what failed instead of leaving the view blank. The error's
 * message is shown only through `mask` (page data may sit in it); without one, only the error's kind.
 */
import { Component, type ComponentChildren } from 'preact';
import { useT } from './i18n-context';

/** Props of {@link ErrorBoundary}. */
export interface ErrorBoundaryProps {
  /** What the view is, in the UI language ("Copy as", "the answer"): named in the message. */
  what: string;
  /** Masks the error's message before it shows; absent: the message is not shown. */
  mask?: (text: string) => string;
  children?: ComponentChildren;
}

interface State {
  error: unknown;
}

function ViewFailed({ what, error, mask }: { what: string; error: unknown; mask?: (t: string) => string }) {
  const t = useT();
  const kind = error instanceof Error ? error.name : typeof error;
  let detail = kind;
  if (mask !== undefined && error instanceof Error && error.message !== '') {
    try {
      detail = `${kind}: ${mask(error.message.slice(0, 300))}`;
    } catch {
      detail = kind;
    }
  }
  return (
    <div class="note note-err view-failed" role="alert" data-view-failed>
      <p>{t('viewFailed', what)}</p>
      <p class="mono">{detail}</p>
    </div>
  );
}

/** Renders its children, or what failed once one of them threw while rendering. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error ?? new Error('unknown') };
  }

  override componentDidCatch(error: unknown): void {
    this.setState({ error: error ?? new Error('unknown') });
  }

  override render() {
    const { error } = this.state;
    if (error !== null) return <ViewFailed what={this.props.what} error={error} mask={this.props.mask} />;
    return this.props.children;
  }
}
