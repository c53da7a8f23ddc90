(aget (long-array 2) 2)
