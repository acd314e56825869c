/** A pointer drag on a resize handle (a column's resizer, the detail's splitter). */

/**
 * Follows the drag that `event` (a pointerdown on the handle) starts: `onMove(dx, false)` on each move and
 * `onMove(dx, true)` once when it ends, dx in px from where it started. The handle captures the pointer.
 */
export function followDrag(event: PointerEvent, onMove: (dx: number, done: boolean) => void): void {
  const handle = event.currentTarget as HTMLElement;
  const startX = event.clientX;
  handle.setPointerCapture?.(event.pointerId);
  const move = (e: PointerEvent) => onMove(e.clientX - startX, false);
  const up = (e: PointerEvent) => {
    onMove(e.clientX - startX, true);
    handle.removeEventListener('pointermove', move);
    handle.removeEventListener('pointerup', up);
    handle.removeEventListener('pointercancel', up);
  };
  handle.addEventListener('pointermove', move);
  handle.addEventListener('pointerup', up);
  handle.addEventListener('pointercancel', up);
}
