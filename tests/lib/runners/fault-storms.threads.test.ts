// The fault storms (fault-storms.ts) on the threads runner.
import { describeFaultStorms } from "./fault-storms";

describeFaultStorms("threads");
