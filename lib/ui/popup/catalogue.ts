/**
 * What the popup needs from the catalogue, as one module the popup imports dynamically at start-up (in
 * parallel with its first reads): the catalogue's data is too large for the first paint.
 */
export { bodyTemplate } from '../../cme/catalogue';
export { checkBodyText } from './body-check';
export { catalogued, pickerOptions } from './actions';
