// Repeat until success in OpenQASM 3: a coin is flipped until it shows 1
// (at most 100 tries, the most qzone unrolls); each failed try rotates the
// first target by rx(0.3). Then two controlled rotations in a for loop, and
// the targets measured into a register.
OPENQASM 3.0;
include "stdgates.inc";
qubit coin;
qubit[2] target;
bit c;
bit[2] out;
h coin;
c = measure coin;
while (!c) {
  reset coin;
  rx(0.3) target[0];
  h coin;
  c = measure coin;
}
for int i in [1:2] {
  ctrl @ ry(π / (2 * i)) target[0], target[1];
}
out = measure target;
