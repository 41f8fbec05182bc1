from wenquan.cli.main import main

main()
