;; Checks: bit-and bit-or bit-xor bit-not shifts including unsigned shift.
(prn (bit-and 12 10) (bit-or 12 10) (bit-xor 12 10) (bit-not 0) (bit-not 7))
(prn (bit-shift-left 1 10) (bit-shift-right 1024 3) (bit-shift-right -16 2))
(prn (unsigned-bit-shift-right -1 60))
(prn (bit-and 255 -1) (bit-or 0 0))
(prn (bit-shift-left 1 62))
