export { MessageIds, type Position, samePosition } from '@quarry/pipeline';
