package main

import (
	_ "github.com/cilium/cilium/pkg/k8s/apis/cilium.io/client"
	_ "sigs.k8s.io/yaml"
)

func main() {}
