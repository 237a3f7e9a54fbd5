// Grover search on 3 qubits for the marked state |101> (q2 q1 q0), two
// iterations: the marked outcome has probability 0.9453125 (121/128).
OPENQASM 2.0;
include "qelib1.inc";
gate oracle a, b, c { x b; h c; ccx a, b, c; h c; x b; }
gate diffusion a, b, c { h a; h b; h c; x a; x b; x c; h c; ccx a, b, c; h c; x a; x b; x c; h a; h b; h c; }
qreg q[3];
creg c[3];
h q;
oracle q[0], q[1], q[2];
diffusion q[0], q[1], q[2];
oracle q[0], q[1], q[2];
diffusion q[0], q[1], q[2];
measure q -> c;
