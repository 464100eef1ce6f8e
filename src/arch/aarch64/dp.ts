// A64 rows of the integer group (see table.ts): data processing with immediates (dp-imm.ts) and
// registers (dp-reg.ts), branches and exception generation (dp-branch.ts), system (dp-sys.ts).
import { branchRows } from './dp-branch.ts';
import { dpImmRows } from './dp-imm.ts';
import { dpRegRows } from './dp-reg.ts';
import { sysRows } from './dp-sys.ts';
import type { Row } from './table.ts';

export const dpRows: Row[] = [...dpImmRows, ...dpRegRows, ...branchRows, ...sysRows];
