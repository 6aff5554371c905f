// The fault storms (fault-storms.ts) on the distributed runner.
import { describeFaultStorms, describeKillsFromOutside } from "./fault-storms";

describeFaultStorms("distributed");
describeKillsFromOutside("distributed");
