print("zoomdashd: under construction")
