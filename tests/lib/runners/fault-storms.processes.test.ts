// The fault storms (fault-storms.ts) on the processes runner.
import { describeFaultStorms, describeKillsFromOutside } from "./fault-storms";

describeFaultStorms("processes");
describeKillsFromOutside("processes");
