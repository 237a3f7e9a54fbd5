// Teleportation written in OpenQASM 3: ry(1.2)|0> goes from q[0] to q[2]
// through mid-circuit measurements and corrections under if; measuring q[2]
// gives 1 with probability sin^2(0.6) = 0.3188. Runs as one trajectory per shot.
OPENQASM 3.0;
include "stdgates.inc";
const float[64] θ = 1.2;
gate bell a, b { h a; ctrl @ x a, b; }
qubit[3] q;
bit m0;
bit m1;
bit result;
ry(θ) q[0];
bell q[1], q[2];
cx q[0], q[1];
h q[0];
m0 = measure q[0];
m1 = measure q[1];
if (m1) x q[2];
if (m0) {
  z q[2];
}
result = measure q[2];
