import { tempDir } from '@quarry/testkit';
import { describeBusBehaviour } from '../testing/bus-behaviour.ts';
import { createEmbeddedBus } from './embedded-bus.ts';

describeBusBehaviour('embedded bus', async () => {
  const dataDir = await tempDir('bus');
  return () => createEmbeddedBus({ dataDir });
});
