from wenquan.cli.entry import main

main()
