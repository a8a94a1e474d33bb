import { describeConnectionRegistryContract } from '../connection-registry.contract.ts'
import { MemoryConnectionRegistry } from './memory-connection-registry.ts'

describeConnectionRegistryContract('memory', async () => new MemoryConnectionRegistry())
