// Command uname prints the machine field of uname(2), what `uname -m`
// prints; preinst_test.go runs it under qemu-arm-static with the CPU of
// each Raspberry Pi to learn what the ARMv7 package's preinst would see.
package main

import (
	"fmt"
	"syscall"
)

func main() {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		panic(err)
	}
	var b []byte
	for _, c := range u.Machine {
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	fmt.Println(string(b))
}
